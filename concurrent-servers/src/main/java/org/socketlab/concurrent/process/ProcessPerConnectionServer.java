package org.socketlab.concurrent.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.Connections;
import org.socketlab.server.Inetd;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;

/**
 * Lab 2's TCPechod: the parent accepts, starts a child process per connection with the connection as its standard
 * input and output ({@link EchoChild}), closes its own copy and accepts the next. Finished children are reaped
 * as TCPechod's SIGCHLD handler does, unless the server is built without a reaper: then each one stays a zombie
 * (state Z, {@code <defunct>} in {@code ps}) until the parent exits.
 *
 * <p>The JVM delivers no SIGCHLD to Java code; its equivalent here is {@link ProcessHandle#onExit()}, which for a
 * child the JDK did not start waits with {@code waitid(WNOWAIT)}: it sees the child finish and leaves the reaping
 * to us.
 */
public final class ProcessPerConnectionServer extends AbstractServer {
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final LabMessages messages;
    private final boolean reaper;
    /** The children not yet reaped and the client each serves. Guarded by this. */
    private final Map<Integer, InetSocketAddress> children = new HashMap<>();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServerSocketChannel listening;

    /**
     * @param reaper whether finished children are reaped (TCPechod with {@code signal(SIGCHLD, reaper)}) or left
     *     zombies (without it)
     */
    public ProcessPerConnectionServer(ServerConfig config, LabMessages messages, boolean reaper) {
        super(messages);
        if (config.sockets().accepted().readTimeoutMillis() > 0) {
            throw new IllegalArgumentException("SO_TIMEOUT is kept by the JVM that reads, not by the socket: the"
                    + " process model's children would never see it");
        }
        this.config = config;
        this.messages = messages;
        this.reaper = reaper;
    }

    @Override
    protected InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config);
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        messages.listening(local);
        return local;
    }

    /** The parent's accept loop: accept, hand the connection to a new child, close our copy, accept again. */
    @Override
    protected void serve() {
        ServerSocketChannel passive = listening;
        try {
            while (passive.isOpen()) {
                SocketChannel connection;
                try {
                    connection = passive.accept();
                    acceptFailures.succeeded();
                } catch (ClosedChannelException e) {
                    break; // close(): the listening socket is gone
                } catch (IOException e) {
                    if (passive.isOpen()) {
                        LockSupport.parkNanos(acceptFailures.failed(e).toNanos());
                    }
                    continue;
                }
                InetSocketAddress peer = peer(connection);
                messages.accepted(peer);
                try {
                    SocketConfigurer.apply(config.sockets().accepted(), connection);
                    messages.childServes(startChild(connection, peer), peer);
                } catch (IOException e) {
                    messages.failed(peer, 0, e);
                } finally {
                    // The child has its own descriptor now. Kept open here, the connection would outlive the child:
                    // no FIN when it exits, lab 1's activity 3 again (lab 2's question 3).
                    Connections.closeQuietly(connection);
                }
            }
        } finally {
            stopChildren();
            stopped.countDown();
        }
    }

    private synchronized int startChild(SocketChannel connection, InetSocketAddress peer) throws IOException {
        int fd = NativeSockets.fileDescriptor(connection);
        int pid = ChildProcesses.spawn(ChildCommand.echoChild(), System.getenv(), fd, fd);
        children.put(pid, peer);
        if (reaper) {
            // SIGCHLD's equivalent: run the handler when the child has finished (it is a zombie by then).
            ProcessHandle.of(pid)
                    .ifPresentOrElse(child -> child.onExit().thenRun(this::reapFinished), this::reapFinished);
        }
        return pid;
    }

    /**
     * TCPechod's reaper: {@code while (waitpid(-1, &status, WNOHANG) > 0)}. One SIGCHLD may stand for several
     * children, so it reaps until none is left finished; the C lab's {@code >= 0} would spin while one runs.
     */
    private synchronized void reapFinished() {
        for (Optional<ChildProcesses.Exit> exit = ChildProcesses.reapAny();
                exit.isPresent();
                exit = ChildProcesses.reapAny()) {
            report(exit.get());
        }
    }

    private void report(ChildProcesses.Exit exit) {
        InetSocketAddress peer = children.remove(exit.pid());
        String meaning = exit.exited() ? Inetd.meaning(exit.exitCode()) : null;
        messages.childReaped(exit.pid(), peer, exit.describe() + (meaning == null ? "" : ", " + meaning));
    }

    /** SIGTERM to every child still serving, then each one reaped (a bounded wait). */
    private void stopChildren() {
        List<Integer> serving;
        synchronized (this) {
            serving = List.copyOf(children.keySet());
        }
        serving.forEach(pid -> ChildProcesses.kill(pid, ChildProcesses.SIGTERM));
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (int pid : serving) {
            ProcessHandle.of(pid).ifPresent(child -> {
                try {
                    child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    ChildProcesses.kill(pid, ChildProcesses.SIGKILL);
                }
            });
        }
        synchronized (this) {
            for (int pid : serving) {
                ChildProcesses.reap(pid).ifPresent(this::report);
            }
        }
    }

    private static InetSocketAddress peer(SocketChannel connection) {
        try {
            return (InetSocketAddress) connection.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The children started and not yet reaped: serving, or zombies without the reaper. */
    @Override
    public synchronized int liveConnections() {
        return children.size();
    }

    /**
     * Closes the listening socket; {@link #run()} then stops every child and ends, waited for here (bounded). The
     * children serve the connections: the parent ends them, which ends their connections.
     */
    @Override
    protected void shutDown(boolean running) {
        Connections.closeQuietly(listening);
        if (running) {
            try {
                stopped.await(STOP_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
