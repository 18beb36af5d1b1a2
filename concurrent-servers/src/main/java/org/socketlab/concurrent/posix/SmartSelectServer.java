package org.socketlab.concurrent.posix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.socketlab.concurrent.process.ChildProcessServer;
import org.socketlab.concurrent.process.ChildProcesses;
import org.socketlab.options.SockOpt;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;

/**
 * smart-select.c: the parent opens the listening socket and starts N processes in advance (MAXPROCESSES), each a
 * JVM that gets the socket as its descriptor 0 and runs select(2) over it and at most M clients (MAXCONNECTIONS),
 * {@link SmartSelectProcess}. A full process stops watching the listening socket and sleeps; when all are full, the
 * next client waits in the backlog. The parent serves no client: it replaces a process that dies, as the C parent
 * does on SIGCHLD, and on {@link #close()} (SIGTERM) ends every process before it exits.
 */
public final class SmartSelectServer extends ChildProcessServer<Integer> {
    private final int processes;
    private final int perProcess;
    /** The numbers of processes that died, for the parent to replace; 0 when closing. */
    private final LinkedBlockingQueue<Integer> died = new LinkedBlockingQueue<>();

    /**
     * @param processes the processes started in advance, at least 1
     * @param perProcess the most clients of each process, at least 1
     */
    public SmartSelectServer(ServerConfig config, LabMessages messages, int processes, int perProcess) {
        super(config, messages, Duration.ofSeconds(5));
        if (processes < 1 || perProcess < 1) {
            throw new IllegalArgumentException("bad process count " + processes + " or clients per process "
                    + perProcess + ": smart-select needs at least 1 process of at least 1 client");
        }
        this.processes = processes;
        this.perProcess = perProcess;
    }

    /**
     * Starts the processes, then replaces any that dies until {@link #close()}. Every process is started from this
     * thread, which lives as long as the server: a child's PR_SET_PDEATHSIG fires when the thread that started it
     * ends, not the process.
     */
    @Override
    protected void parent() {
        try {
            for (int k = 1; k <= processes; k++) {
                startProcess(k);
            }
            for (int k = died.take(); k != 0; k = died.take()) {
                startProcess(k);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startProcess(int k) {
        try {
            // Standard input is the listening socket; standard output stays ours, for the process's lines.
            spawn(command(k), listeningFd(), 1, k).ifPresent(pid -> replaceWhenDead(k, pid));
        } catch (IOException e) {
            messages.workerLost("process #" + k, e.getMessage());
        }
    }

    /** SIGCHLD's equivalent: a thread that waits for process #k and hands its number to the parent. */
    private void replaceWhenDead(int k, int pid) {
        Thread reaper = new Thread(
                () -> {
                    String how =
                            ChildProcesses.reap(pid).map(SmartSelectServer::how).orElse("not our child");
                    forget(pid);
                    if (!isClosed()) {
                        messages.workerReplaced("process #" + k, how);
                        died.add(k);
                    }
                },
                "select-process-" + k + "-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }

    /** E.g. "exit status 1" or "killed by signal 9". */
    private static String how(ChildProcesses.Exit exit) {
        return exit.exited() ? "exit status " + exit.exitCode() : "killed by signal " + exit.signal();
    }

    /** The child's command line: this JVM's java and class path, {@link SmartSelectProcess}, and its settings. */
    private List<String> command(int k) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(
                java,
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                SmartSelectProcess.class.getName(),
                String.valueOf(k),
                String.valueOf(perProcess),
                String.valueOf(ProcessHandle.current().pid())));
        for (Map.Entry<SockOpt, Object> option :
                config.sockets().accepted().values().entrySet()) {
            command.add("-o");
            command.add(option.getKey() + "=" + option.getValue());
        }
        return command;
    }

    /** The processes' pids, in the order of their numbers. */
    public List<Long> processIds() {
        return children().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(e -> (long) e.getKey())
                .toList();
    }

    /** Unknown to the parent: the processes serve the clients. */
    @Override
    public int liveConnections() {
        return 0;
    }

    /** Wakes the parent, which stops replacing processes. */
    @Override
    protected void closing() {
        died.add(0);
    }
}
