package org.socketlab.lab.activity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.draw.SocketLine;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.KernelView;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Waits;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * One activity being run: the server and the clients as child processes, the capture, the kernel's view, and the
 * steps with their observations. A scenario calls {@link #step} before each thing it does and {@link #observe}
 * after it; each step is reported (the {@code ss} view of the port, the frames captured during it, the
 * observations) when the next one begins.
 */
public final class ActivityRun {
    /** How long a step waits for what it expects: on loopback facts come within milliseconds, a JVM within 1 s. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final Lab lab;
    private final TestedServer server;
    private final Host serverHost;
    private final Host clientHost;
    private final KernelView serverKernel;
    private final KernelView clientKernel;
    private final boolean capturing;
    private final Consumer<StepReport> listener;
    private final List<StepReport> steps = new ArrayList<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();
    private final Map<LabProcess, Integer> clientPorts = new HashMap<>();
    private Capture wire;
    private int port;
    private String stepWhat;
    private int framesBefore;
    private List<Observation> stepObservations = new ArrayList<>();
    private final Map<String, List<String>> series = new LinkedHashMap<>();

    ActivityRun(
            Lab lab,
            TestedServer server,
            Host serverHost,
            Host clientHost,
            KernelView serverKernel,
            KernelView clientKernel,
            boolean capturing,
            Consumer<StepReport> listener) {
        this.lab = lab;
        this.server = server;
        this.serverHost = serverHost;
        this.clientHost = clientHost;
        this.serverKernel = serverKernel;
        this.clientKernel = clientKernel;
        this.capturing = capturing;
        this.listener = listener;
    }

    /** Ends the current step (it is reported) and begins the next: {@code what} is what the student does. */
    public void step(String what) {
        endStep();
        stepWhat = what;
        framesBefore = wire == null ? 0 : wire.frames().size();
    }

    /** Checks an observation now; it is reported with the current step. A failed check does not stop the run. */
    public void observe(String claim, Check check) {
        try {
            stepObservations.add(new Observation(claim, Observation.Verdict.HELD, check.seen()));
        } catch (AheadOfActivity e) {
            stepObservations.add(new Observation(claim, Observation.Verdict.AHEAD, e.getMessage()));
        } catch (Exception | AssertionError e) {
            stepObservations.add(new Observation(claim, Observation.Verdict.FAILED, firstLine(e)));
        }
    }

    /** An observation of the frames: skipped without a capture. */
    public void observeWire(String claim, Check check) {
        if (wire == null) {
            stepObservations.add(
                    new Observation(claim, Observation.Verdict.SKIPPED, "needs the capture (root and tcpdump)"));
        } else {
            observe(claim, check);
        }
    }

    /**
     * An observation of the lab server's own messages, made against ours only: a foreign server's messages are not
     * the lab's, so it is judged by what the kernel and the wire show (the scenario observes those apart).
     */
    public void observeOurServer(String claim, Check check) {
        if (server.isOurs()) {
            observe(claim, check);
        }
    }

    /** Skips the activity unless the server is ours: it needs {@code switches} a foreign server lacks. */
    public void requireOurServer(String switches) {
        if (!server.isOurs()) {
            throw new ActivitySkipped("needs the lab server's " + switches + ", which a foreign server lacks");
        }
    }

    /**
     * Skips the rest of the activity unless the server listens with {@code backlog} (Send-Q of {@code ss -ltn}),
     * saying what to change: a foreign server is run as given, with the backlog its code chose.
     */
    public void requireBacklog(int backlog) {
        int actual = listenBacklog();
        if (actual != backlog) {
            throw new ActivitySkipped("the server listens with a backlog of " + actual + " (Send-Q of ss -ltn), not "
                    + backlog + ": set BACKLOG " + backlog + " in the server, recompile and check again");
        }
    }

    /**
     * Starts the server with {@code switches} (ours only; a foreign server runs as given) and waits until it
     * listens. The first start picks the port (ours: port 0 and the waiting line; foreign: a free port) and starts
     * the capture on it; later starts reuse the port.
     */
    public LabProcess startServer(String... switches) {
        return started(launchServer(null, switches));
    }

    /**
     * Starts concurrent-server.jar's {@code model} with {@code switches} (ours; a foreign server runs as given) and
     * waits until it listens, as {@link #startServer} does.
     */
    public LabProcess startServerModel(String model, String... switches) {
        return started(launchServer(model, switches));
    }

    private LabProcess started(LabProcess process) {
        if (server.isOurs()) {
            listensOn(process.listeningPort(), "server");
        } else {
            awaitListener(process, WAIT);
            listensOn(port, "server");
        }
        return process;
    }

    /**
     * Starts another program on the server's host in the server's place (e.g. a receiver that never reads), named
     * {@code name}; it must print the server's waiting line. The first such start picks the port and starts the
     * capture, as {@link #startServer} does.
     */
    public LabProcess startListener(String name, List<String> command) {
        List<String> full = new ArrayList<>(serverHost.prefix());
        full.addAll(command);
        LabProcess process = lab.start(name, full);
        listensOn(process.listeningPort(), name);
        return process;
    }

    /** Starts a program on the clients' host, e.g. a sender; name its port with {@link #name} once known. */
    public LabProcess startOnClientHost(String name, List<String> command) {
        List<String> full = new ArrayList<>(clientHost.prefix());
        full.addAll(command);
        return lab.start(name, full);
    }

    private void listensOn(int listening, String name) {
        if (port == 0) {
            port = listening;
        }
        names.put(port, name);
        if (capturing && wire == null) {
            wire = lab.capture(clientHost, "tcp port " + port);
        }
    }

    /** Starts the server again on the same port without waiting: whether it can listen is the observation. */
    public LabProcess restartServer(String... switches) {
        return launchServer(null, switches);
    }

    /** Our echo-server.jar, or concurrent-server.jar's {@code model} if not null; or the foreign command. */
    private LabProcess launchServer(String model, String... switches) {
        if (server.isOurs()) {
            String[] args = server.ourArgs(List.of(switches), port).toArray(String[]::new);
            return model == null ? lab.server(serverHost, args) : lab.serverModel(model, args);
        }
        if (port == 0) {
            port = lab.freePort();
        }
        List<String> command = new ArrayList<>(serverHost.prefix());
        command.addAll(server.foreignCommand(port));
        return lab.start("server", command);
    }

    /**
     * Waits until a socket listens on the port while {@code process} runs.
     *
     * @return the listening socket
     * @throws AssertionError if the process exits first or nothing listens in time, saying which
     */
    public String awaitListener(LabProcess process, Duration timeout) {
        if (Waits.until(() -> listener().isPresent() || !process.isAlive(), done -> done, timeout)
                .isEmpty()) {
            throw new AssertionError("nothing listens on port " + port + " after " + Waits.text(timeout));
        }
        return listener()
                .map(l -> l.local().getAddress().getHostAddress() + ":" + port + " LISTEN")
                .orElseThrow(() -> new AssertionError("the server exited with status " + process.awaitExit(WAIT)
                        + " without listening on port " + port + lastWords(process)));
    }

    private Optional<TcpConnection> listener() {
        return serverKernel.connections().stream()
                .filter(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN)
                .findFirst();
    }

    private static String lastWords(LabProcess process) {
        List<String> err = process.stderrLines();
        return err.isEmpty() ? "" : " (" + err.get(err.size() - 1) + ")";
    }

    /** Starts our client, named "client NAME", and waits until it is connected; its port is then known. */
    public LabProcess client(String name, String... options) {
        LabProcess client = clientStarting(name, options);
        int local = Integer.parseInt(client.awaitErrLine("^client: connected from \\S+ port (\\d+)$", WAIT)
                .group(1));
        clientPorts.put(client, local);
        names.put(local, client.name());
        return client;
    }

    /** Starts our client without waiting for the connection (it may never complete). */
    public LabProcess clientStarting(String name, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add(serverHost.address());
        args.add(String.valueOf(port));
        return lab.client(clientHost, "client " + name, args.toArray(String[]::new));
    }

    /** Names a port for the ladder and the {@code ss} view, e.g. a client whose connection never completed. */
    public void name(int localPort, String name) {
        names.put(localPort, name);
    }

    /** The client's local port. */
    public int portOf(LabProcess client) {
        return clientPorts.get(client);
    }

    /** Sends a line and waits for its echo on the client's stdout. */
    public void echo(LabProcess client, String line) {
        client.send(line + "\n");
        client.awaitLine("^" + Pattern.quote(line) + "$", WAIT);
    }

    /** The server's port. */
    public int port() {
        return port;
    }

    /** The kernel's TCP table where the server runs. */
    public KernelView serverKernel() {
        return serverKernel;
    }

    /** The kernel's TCP table where the clients run (the same as the server's on one host). */
    public KernelView clientKernel() {
        return clientKernel;
    }

    /** Whether the clients and the server run on two hosts (network namespaces). */
    public boolean twoHosts() {
        return clientHost != serverHost;
    }

    /** The host the server runs on: {@link Host#LOOPBACK}, or a namespace of two hosts. */
    public Host serverHost() {
        return serverHost;
    }

    /** The host the clients run on. */
    public Host clientHost() {
        return clientHost;
    }

    /** The lab that owns every process of the run. */
    public Lab lab() {
        return lab;
    }

    /** Keeps what was sampled during the run (CSV lines, no header) under {@code name}, e.g. "cwnd". */
    public void record(String name, List<String> lines) {
        series.put(name, List.copyOf(lines));
    }

    /** The server under test. */
    public TestedServer server() {
        return server;
    }

    /** Waits until at least {@code count} captured frames match; returns them (only after checking capturing). */
    public List<Frame> awaitFrames(Predicate<Frame> which, int count, String what, Duration timeout) {
        try {
            return wire.awaitCount(which, count, what, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(firstLine(e).replace("; captured:", ""), null);
        }
    }

    /** The first captured frame that matches, waiting for it. */
    public Frame awaitFrame(Predicate<Frame> which, String what) {
        return awaitFrames(which, 1, what, WAIT).get(0);
    }

    /**
     * Waits for the ACK of {@code frame}'s data or FIN from the other end: a later segment, not a SYN, acknowledging
     * everything up to the frame's end.
     */
    public Frame awaitAckOf(Frame frame, String what) {
        long end = frame.seqEnd().orElse(frame.seq().orElseThrow() + (frame.isFin() ? 1 : 0));
        return awaitFrame(
                f -> f.between(frame.destinationPort(), frame.sourcePort())
                        && !f.flags().contains("S")
                        && f.time() >= frame.time()
                        && f.ack().orElse(-1) >= end,
                what);
    }

    /** The frames captured so far that match. */
    public List<Frame> frames(Predicate<Frame> which) {
        return wire.frames(which);
    }

    /** The listening socket's backlog, {@code ss -ltn}'s Send-Q (not in /proc/net/tcp). */
    public int listenBacklog() {
        return (int) ss(serverHost).stream()
                .filter(row -> row.state().equals("LISTEN") && row.localPort() == port)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no socket listens on port " + port))
                .sendQueue();
    }

    /** The port's sockets on {@code host}, as {@code ss -Htan} rows. */
    private List<SocketLine> ss(Host host) {
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(List.of("ss", "-Htan", "( sport = :" + port + " or dport = :" + port + " )"));
        try {
            Process ss = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(5, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
            }
            return out.lines().map(SocketLine::fromSs).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ss", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The port's sockets as {@code ss -tan} shows them on each host, each with whose end it is. */
    private List<SocketLine> socketsView() {
        List<SocketLine> view = new ArrayList<>();
        if (port == 0) {
            return view;
        }
        for (Host host : twoHosts() ? List.of(serverHost, clientHost) : List.of(serverHost)) {
            for (SocketLine row : ss(host)) {
                int local = row.localPort();
                view.add(row.ownedBy(
                        row.state().equals("LISTEN")
                                ? "the listening socket"
                                : names.getOrDefault(local, "port " + local) + "'s end"));
            }
        }
        return view;
    }

    /** Records the exception that stopped the scenario as a failed observation of the current step. */
    void stopped(Throwable e) {
        stepObservations.add(new Observation("the step completes", Observation.Verdict.FAILED, firstLine(e)));
    }

    /** What was recorded with {@link #record}. */
    Map<String, List<String>> series() {
        return series;
    }

    /** Reports the last step; returns every step. */
    List<StepReport> finish() {
        endStep();
        return List.copyOf(steps);
    }

    private void endStep() {
        if (stepWhat == null) {
            return;
        }
        List<String> frames = wire == null
                ? List.of()
                : wire.frames().stream().skip(framesBefore).map(Frame::line).toList();
        StepReport report = new StepReport(
                steps.size() + 1, stepWhat, socketsView(), frames, Map.copyOf(names), List.copyOf(stepObservations));
        steps.add(report);
        stepObservations = new ArrayList<>();
        stepWhat = null;
        listener.accept(report);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
