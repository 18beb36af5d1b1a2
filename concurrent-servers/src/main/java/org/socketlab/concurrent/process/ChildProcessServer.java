package org.socketlab.concurrent.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.socketlab.options.NativeSockets;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.Quietly;
import org.socketlab.server.ServerConfig;

/**
 * What every server made of child processes shares, its own loop aside: the listening socket, the children it
 * started (each with what it serves, {@code C}), and its end. {@link #close()} closes the listening socket, sends
 * SIGTERM to every child, SIGKILL to any still there after a bounded wait, reaps them, and only then lets {@link
 * #run()} say that the server stopped: no child outlives the server (the C originals leave theirs running).
 *
 * @param <C> what a child serves: its client, or its label in a pool
 */
public abstract class ChildProcessServer<C> extends AbstractServer {
    protected final ServerConfig config;
    protected final LabMessages messages;
    private final Duration stopWait;
    /** The children not yet reaped, by pid. Guarded by this. */
    private final Map<Integer, C> children = new HashMap<>();

    private final CountDownLatch childrenEnded = new CountDownLatch(1);
    private final CountDownLatch parentEnded = new CountDownLatch(1);
    private volatile ServerSocketChannel listening;
    private volatile int listeningFd;

    /** @param stopWait how long a child has to end after SIGTERM, before SIGKILL */
    protected ChildProcessServer(ServerConfig config, LabMessages messages, Duration stopWait) {
        super(messages);
        this.config = config;
        this.messages = messages;
        this.stopWait = stopWait;
    }

    @Override
    protected final InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config);
        listeningFd = NativeSockets.fileDescriptor(listening);
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        messages.listening(local);
        return local;
    }

    /** The parent's part, the model's lesson: serves until {@link #close()}. */
    protected abstract void parent();

    @Override
    protected final void serve() {
        try {
            parent();
            if (isClosed()) {
                await(childrenEnded, stopWait.multipliedBy(2)); // their last lines come before the server's
            }
        } finally {
            parentEnded.countDown();
        }
    }

    /** The parent's copy of the listening socket, open until {@link #close()}. */
    protected final ServerSocketChannel listening() {
        return listening;
    }

    /** The listening socket's descriptor, to hand to a child as its standard input. */
    protected final int listeningFd() {
        return listeningFd;
    }

    /**
     * Starts {@code command} as a child serving {@code child}, with {@code stdin} as its descriptor 0 and {@code
     * stdout} as its 1 ({@link ChildProcesses#spawn}).
     *
     * @return the child's pid; empty once the server is closed, when no child may start
     */
    protected final synchronized OptionalInt spawn(List<String> command, int stdin, int stdout, C child)
            throws IOException {
        if (isClosed()) {
            return OptionalInt.empty();
        }
        int pid = ChildProcesses.spawn(command, System.getenv(), stdin, stdout);
        children.put(pid, child);
        return OptionalInt.of(pid);
    }

    /** Child {@code pid} was reaped: forgets it and returns what it served, empty if it was not ours. */
    protected final synchronized Optional<C> forget(int pid) {
        return Optional.ofNullable(children.remove(pid));
    }

    /** The children started and not yet reaped, by pid (what one serves may be null: a client already gone). */
    protected final synchronized Map<Integer, C> children() {
        return Collections.unmodifiableMap(new HashMap<>(children));
    }

    /** Child {@code exit.pid()}, which served {@code child}, was reaped as the server closed; says nothing here. */
    protected void reapedAtClose(ChildProcesses.Exit exit, C child) {}

    /** The server is closing: {@link #parent()} stops starting children and returns. Does nothing here. */
    protected void closing() {}

    /** Closes the listening socket, ends every child, then waits for {@link #parent()} (all bounded). */
    @Override
    protected final void shutDown(boolean running) {
        closing();
        synchronized (this) {
            Quietly.close(listening); // not while a child is handed its descriptor
        }
        if (!running) {
            return; // no child was started
        }
        endChildren();
        childrenEnded.countDown();
        await(parentEnded, stopWait);
    }

    /** SIGTERM to every child, SIGKILL to any still there after {@code stopWait}, then each one reaped. */
    private void endChildren() {
        List<Integer> pids = List.copyOf(children().keySet());
        pids.forEach(pid -> ChildProcesses.kill(pid, ChildProcesses.SIGTERM));
        long deadline = System.nanoTime() + stopWait.toNanos();
        for (int pid : pids) {
            ProcessHandle.of(pid).ifPresent(child -> {
                try {
                    child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    ChildProcesses.kill(pid, ChildProcesses.SIGKILL);
                }
            });
        }
        for (int pid : pids) {
            // Empty if the model's own reaper was quicker: it has said what it says.
            ChildProcesses.reap(pid)
                    .ifPresent(exit -> reapedAtClose(exit, forget(pid).orElse(null)));
        }
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
