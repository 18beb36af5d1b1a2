package org.socketlab.concurrent.process;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;

/**
 * The "pool of previously started servers" of lab 2: N child processes started before any client, each given the
 * one listening socket as its standard input and running the lab's sequential server on it ({@link EchoChild}).
 * The kernel hands each connection to one of the children blocked in accept(). The parent serves nobody: it
 * waits for a child to die and starts another in its place; when it is stopped, it stops every child (the
 * original leaves them listening).
 */
public final class PreforkServer extends ChildProcessServer<PreforkServer.Worker> {
    /** A worker that dies sooner than this after its start is replaced only after this pause: no restart storm. */
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final int workers;

    /** A worker's label and when it started. */
    record Worker(String label, long startedNanos) {}

    public PreforkServer(ServerConfig config, LabMessages messages, int workers) {
        super(config, messages, Duration.ofSeconds(2));
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
        this.workers = workers;
    }

    /** Starts the N workers, then replaces each one that dies until {@link #close()}. */
    @Override
    protected void parent() {
        for (int i = 1; i <= workers; i++) {
            startWorker(String.valueOf(i));
        }
        // waitpid(-1): blocks until any child ends; empty once there is no child left.
        for (Optional<ChildProcesses.Exit> exit = ChildProcesses.reap(-1);
                exit.isPresent();
                exit = ChildProcesses.reap(-1)) {
            replace(exit.get());
        }
    }

    private void replace(ChildProcesses.Exit exit) {
        Optional<Worker> died = forget(exit.pid());
        if (died.isEmpty() || isClosed()) {
            return;
        }
        Worker worker = died.get();
        messages.workerReplaced(worker.label(), "child " + exit.pid() + ", " + exit.describe());
        if (System.nanoTime() - worker.startedNanos() < RESTART_PAUSE.toNanos()) {
            LockSupport.parkNanos(RESTART_PAUSE.toNanos());
        }
        startWorker(worker.label());
    }

    private void startWorker(String label) {
        try {
            String parent = String.valueOf(ProcessHandle.current().pid());
            // Standard input is the listening socket; standard output stays ours, not a connection's.
            spawn(ChildCommand.echoChild(label, parent), listeningFd(), 1, new Worker(label, System.nanoTime()))
                    .ifPresent(pid -> messages.workerProcessStarted(label, pid));
        } catch (IOException e) {
            messages.workerLost(label, e.getMessage());
        }
    }

    @Override
    public int liveConnections() {
        return 0; // the parent serves nobody: each worker serves its one client
    }
}
