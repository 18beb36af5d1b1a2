package org.socketlab.concurrent.posix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.socketlab.concurrent.process.ChildProcesses;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SockOpt;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.Connections;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;

/**
 * smart-select.c: the parent opens the listening socket and starts N processes in advance (MAXPROCESSES), each a
 * JVM that gets the socket as its descriptor 0 and runs select(2) over it and at most M clients (MAXCONNECTIONS),
 * {@link SmartSelectProcess}. A full process stops watching the listening socket and sleeps; when all are full, the
 * next client waits in the backlog. The parent serves no client: it replaces a process that dies, as the C parent
 * does on SIGCHLD, and on {@link #close()} (SIGTERM) ends every process before it exits.
 */
public final class SmartSelectServer extends AbstractServer {
    private static final long STOP_MILLIS = 5_000;

    private final ServerConfig config;
    private final LabMessages messages;
    private final int processes;
    private final int perProcess;
    /** Each live process's pid, by its number. */
    private final Map<Integer, Integer> alive = new ConcurrentHashMap<>();

    private final List<Thread> reapers = new ArrayList<>();
    /** The numbers of processes that died, for run() to replace; 0 when closing. */
    private final LinkedBlockingQueue<Integer> died = new LinkedBlockingQueue<>();

    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile ServerSocketChannel listening;

    /**
     * @param processes the processes started in advance, at least 1
     * @param perProcess the most clients of each process, at least 1
     */
    public SmartSelectServer(ServerConfig config, LabMessages messages, int processes, int perProcess) {
        super(messages);
        if (processes < 1 || perProcess < 1) {
            throw new IllegalArgumentException("bad --workers " + processes + " or --per-worker " + perProcess
                    + ": smart-select needs at least 1 process of at least 1 client");
        }
        this.config = config;
        this.messages = messages;
        this.processes = processes;
        this.perProcess = perProcess;
    }

    @Override
    protected InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config);
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        messages.listening(local);
        return local;
    }

    /**
     * Starts the processes, then replaces any that dies until {@link #close()}. Every process is started from this
     * thread, which lives as long as the server: a child's PR_SET_PDEATHSIG fires when the thread that started it
     * ends, not the process.
     */
    @Override
    protected void serve() {
        try {
            for (int k = 1; k <= processes; k++) {
                startProcess(k);
            }
            for (int k = died.take(); k != 0 && !closing; k = died.take()) {
                startProcess(k);
            }
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void startProcess(int k) {
        if (closing) {
            return;
        }
        int pid;
        try {
            // Standard input is the listening socket; standard output stays ours, for the process's lines.
            pid = ChildProcesses.spawn(command(k), System.getenv(), NativeSockets.fileDescriptor(listening), 1);
        } catch (IOException e) {
            messages.workerLost("process #" + k, e.getMessage());
            return;
        }
        alive.put(k, pid);
        Thread reaper = new Thread(
                () -> {
                    String how =
                            ChildProcesses.reap(pid).map(SmartSelectServer::how).orElse("not our child");
                    alive.remove(k, pid);
                    if (!closing) {
                        messages.workerReplaced("process #" + k, how);
                        died.add(k);
                    }
                },
                "select-process-" + k + "-reaper");
        reapers.add(reaper);
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
        return alive.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> (long) e.getValue())
                .toList();
    }

    /** Unknown to the parent: the processes serve the clients. */
    @Override
    public int liveConnections() {
        return 0;
    }

    /**
     * SIGTERM to every process, SIGKILL to any still there after 5 s; each is reaped; then the socket closes. The
     * processes serve their clients themselves: the parent ends them, and their connections end with them.
     */
    @Override
    protected void shutDown(boolean running) {
        List<Thread> toJoin;
        synchronized (this) {
            closing = true;
            died.add(0);
            alive.values().forEach(pid -> ChildProcesses.kill(pid, ChildProcesses.SIGTERM));
            toJoin = List.copyOf(reapers);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (Thread reaper : toJoin) {
            try {
                reaper.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (reaper.isAlive()) {
                    alive.values().forEach(pid -> ChildProcesses.kill(pid, ChildProcesses.SIGKILL));
                    reaper.join(STOP_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Connections.closeQuietly(listening);
        closed.countDown();
    }
}
