package org.socketlab.concurrent.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.options.NativeSockets;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.Connections;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;

/**
 * The "pool of previously started servers" of lab 2: N child processes started before any client, each given the
 * one listening socket as its standard input and running the lab's sequential server on it ({@link EchoChild}).
 * The kernel hands each connection to one of the children blocked in accept(). The parent serves nobody: it
 * waits for a child to die and starts another in its place; when it is stopped, it stops every child (the
 * original leaves them listening).
 */
public final class PreforkServer extends AbstractServer {
    /** A worker that dies sooner than this after its start is replaced only after this pause: no restart storm. */
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final LabMessages messages;
    private final int workers;
    /** Each live worker's pid, its label, and when it started. Guarded by this. */
    private final Map<Integer, Worker> live = new HashMap<>();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServerSocketChannel listening;
    private volatile boolean closing;

    private record Worker(String label, long startedNanos) {}

    public PreforkServer(ServerConfig config, LabMessages messages, int workers) {
        super(messages);
        if (workers < 1) {
            throw new IllegalArgumentException("a process pool needs at least 1 worker: " + workers);
        }
        if (!config.sockets().accepted().isEmpty()) {
            throw new IllegalArgumentException(
                    "the prefork workers accept their connections themselves, so the"
                            + " options of accepted sockets ("
                            + config.sockets().accepted().values().keySet() + ") are"
                            + " never set: leave them out, or use --model process, whose parent sets them before the child starts");
        }
        this.config = config;
        this.messages = messages;
        this.workers = workers;
    }

    @Override
    protected InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config);
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        messages.listening(local);
        return local;
    }

    /** Starts the N workers, then replaces each one that dies until {@link #close()}. */
    @Override
    protected void serve() {
        try {
            for (int i = 1; i <= workers && !closing; i++) {
                startWorker(String.valueOf(i));
            }
            // waitpid(-1): blocks until any child ends; empty once there is no child left.
            for (Optional<ChildProcesses.Exit> exit = ChildProcesses.reap(-1);
                    exit.isPresent();
                    exit = ChildProcesses.reap(-1)) {
                replace(exit.get());
            }
        } finally {
            stopped.countDown();
        }
    }

    private void replace(ChildProcesses.Exit exit) {
        Worker worker;
        synchronized (this) {
            worker = live.remove(exit.pid());
        }
        if (worker == null || closing) {
            return;
        }
        messages.workerReplaced(worker.label(), "child " + exit.pid() + ", " + exit.describe());
        if (System.nanoTime() - worker.startedNanos() < RESTART_PAUSE.toNanos()) {
            LockSupport.parkNanos(RESTART_PAUSE.toNanos());
        }
        startWorker(worker.label());
    }

    private synchronized void startWorker(String label) {
        if (closing) {
            return;
        }
        try {
            int fd = NativeSockets.fileDescriptor(listening);
            // Standard input is the listening socket; standard output stays ours, not a connection's.
            int pid = ChildProcesses.spawn(
                    ChildCommand.echoChild(
                            label, String.valueOf(ProcessHandle.current().pid())),
                    System.getenv(),
                    fd,
                    1);
            live.put(pid, new Worker(label, System.nanoTime()));
            messages.workerProcessStarted(label, pid);
        } catch (IOException e) {
            messages.workerLost(label, e.getMessage());
        }
    }

    @Override
    public synchronized int liveConnections() {
        return 0; // the parent serves nobody: each worker serves its one client
    }

    /**
     * Closes the listening socket, SIGTERM to every worker (SIGKILL after a bounded wait), and waits for run(). The
     * workers hold the socket and their clients: the parent ends them, which closes both.
     */
    @Override
    protected void shutDown(boolean running) {
        List<Integer> pids;
        synchronized (this) {
            closing = true;
            pids = List.copyOf(live.keySet());
        }
        Connections.closeQuietly(listening);
        if (!running) {
            return; // no worker was started
        }
        pids.forEach(pid -> ChildProcesses.kill(pid, ChildProcesses.SIGTERM));
        try {
            if (!stopped.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                pids.forEach(pid -> ChildProcesses.kill(pid, ChildProcesses.SIGKILL));
                stopped.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
