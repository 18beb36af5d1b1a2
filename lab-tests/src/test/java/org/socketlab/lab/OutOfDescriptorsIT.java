package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.ProcessView;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * A server out of file descriptors, the end of activity 3 (a server that forgets close() leaks one per client) and
 * what a crowd does to every concurrent model. Each model runs under a low open-files limit ({@code prlimit
 * --nofile=N:N}, what {@code ulimit -n} sets) and meets more clients at once than it has descriptors, each sending
 * one byte and holding its connection. accept() then fails with EMFILE, and the connection it could not take stays
 * in the backlog, so the listening socket is ready again at once: a server that retries at once spins and floods its
 * output. Each model must say it once (a reminder at most every 5 s), stay idle, echo every connection it accepted,
 * serve again once the crowd has left, and say so in one line, even when a descriptor freed while full let one
 * accept() through.
 *
 * <p>The issue's table is this experiment at a larger scale, each case printing its row:
 * {@code ./mvnw -o verify -pl lab-tests -Dit.test=OutOfDescriptorsIT -Dfds.limit=128 -Dfds.crowd=300 -Dfds.hold=10}.
 */
@LabExperiment
class OutOfDescriptorsIT {
    private static final int LIMIT = Integer.getInteger("fds.limit", 64);
    private static final int CROWD = Integer.getInteger("fds.crowd", 100);
    private static final Duration HOLD = Duration.ofSeconds(Long.getLong("fds.hold", 3));
    /** At most this many CPU ticks (1/100 s) a second for an idle server: 5 % of one core. */
    private static final int IDLE_TICKS_PER_SECOND = 5;

    private static final Duration AFTER = Duration.ofSeconds(2);
    /** From the end of the AFTER wait: the last accept pause (1 s) and then 5 s without a failure, and a margin. */
    private static final Duration RECOVERY_SAID = Duration.ofSeconds(8);

    private static final String ACCEPT_LINE = "accept()";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "select", "poll", "workers", "virtual"})
    void aCrowdBeyondTheDescriptorLimitGetsOneLineAnIdleServerItsEchoesAndAServerThatServesAgain(String model, Lab lab)
            throws IOException {
        Requirements.tools("prlimit");
        boolean sequential = model.equals("sequential");
        LabProcess server = lab.start(model + " server", limitedServer(lab, model));
        int port = Integer.parseInt(server.awaitLine("^Waiting for incoming connections at port (\\d+) ", WAIT)
                .group(1));
        ProcessView process = ProcessView.of(server);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        Row row = new Row(model);
        long arrived = System.nanoTime(); // before the first failure: the episode's length is not undercounted
        try (Crowd crowd = Crowd.arrive(address, CROWD, sequential)) {
            server.awaitLine(
                    "^accept\\(\\) failed: too many open files \\(EMFILE: all " + LIMIT + " descriptors", WAIT);
            long fullSince = System.nanoTime();
            int firstFailure = indexOfFirstAcceptLine(server.stdoutLines());
            try {
                await().atMost(WAIT)
                        .until(() -> crowd.echoed() > 0 && crowd.echoed() == accepted(server.stdoutLines()));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("not every accepted connection echoed within " + WAIT + ": " + crowd.echoed()
                        + " echoes, " + accepted(server.stdoutLines()) + " connections accepted; stdout ends "
                        + tail(server));
            }
            row.accepted = crowd.echoed();
            int flaps = 0;
            if (!sequential) { // --fault no-close keeps the descriptor of a client that leaves
                flap(lab, server, port, crowd);
                flaps = 1;
            }
            long ticks = process.cpuTicks();
            await("the server alive while full")
                    .during(HOLD)
                    .atMost(HOLD.plusSeconds(5))
                    .until(server::isAlive);
            row.ticksFull = process.cpuTicks() - ticks;
            row.secondsFull = (System.nanoTime() - fullSince) / 1e9;
            List<String> whileFull = server.stdoutLines()
                    .subList(firstFailure, server.stdoutLines().size());
            row.linesFull = whileFull.size();
            row.acceptedAfterFailure = accepted(whileFull);
            row.bytesFull = whileFull.stream()
                    .mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1)
                    .sum();
            assertThat(crowd.wrongEcho()).as("a wrong byte echoed").isNull();
            assertThat(crowd.echoed())
                    .as(
                            "connections echoed and held, of those the server accepted while full, less %d that left",
                            flaps)
                    .isEqualTo(accepted(server.stdoutLines()) - flaps);
        }
        long left = System.nanoTime();
        if (!sequential) { // --fault no-close keeps every descriptor it took: nothing is ever freed
            awaitBacklogDrained(lab, server, port);
            row.servedAfter = (System.nanoTime() - left) / 1e9;
            echoOnce(address, AFTER);
        }
        long ticks = process.cpuTicks();
        await("the server alive after the crowd")
                .during(AFTER)
                .atMost(AFTER.plusSeconds(5))
                .until(server::isAlive);
        row.ticksAfter = process.cpuTicks() - ticks;
        if (!sequential) {
            // accept() worked again when the crowd left; the server says so once it has gone 5 s without a failure.
            server.awaitLine("^accept\\(\\) works again after ", RECOVERY_SAID);
        }
        row.secondsEpisode = (System.nanoTime() - arrived) / 1e9;
        List<String> acceptLines = server.stdoutLines().stream()
                .filter(l -> l.startsWith(ACCEPT_LINE))
                .toList();
        row.acceptLines = acceptLines.size();
        System.out.println(row);
        acceptLines.forEach(l -> System.out.println("    " + l));

        // One episode: said once, a reminder at most every 5 s, one line when it ends. The flap above, and any
        // descriptor the JVM frees while the crowd holds the rest, must fold into it.
        long reminders = (long) row.secondsEpisode / 5;
        String run = String.format(
                "accept() lines in %.1f s, expected the failure line, at most %d reminders%s; seen %s",
                row.secondsEpisode,
                reminders,
                sequential ? " (no-close never frees one)" : " and one recovery line",
                acceptLines);
        assertThat(acceptLines).as(run).first(STRING).startsWith("accept() failed: ");
        assertThat(acceptLines)
                .as(run)
                .filteredOn(l -> l.startsWith("accept() failed: "))
                .hasSize(1);
        assertThat(acceptLines)
                .as(run)
                .filteredOn(l -> l.startsWith("accept() still failing: "))
                .hasSizeLessThanOrEqualTo((int) reminders);
        assertThat(acceptLines)
                .as(run)
                .filteredOn(l -> l.startsWith("accept() works again "))
                .hasSize(sequential ? 0 : 1);
        if (!sequential) {
            assertThat(acceptLines).as(run).last(STRING).startsWith("accept() works again ");
        }
        assertThat(row.ticksFull)
                .as("CPU ticks in %d s while full (an idle server takes none)", HOLD.toSeconds())
                .isLessThanOrEqualTo(IDLE_TICKS_PER_SECOND * HOLD.toSeconds());
        assertThat(row.ticksAfter)
                .as("CPU ticks in %d s after the crowd left", AFTER.toSeconds())
                .isLessThanOrEqualTo(IDLE_TICKS_PER_SECOND * AFTER.toSeconds());
        assertThat(server.stderrLines()).as("the server's stderr").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "selector"})
    void atMaxConnectionsTheNextClientWaitsInTheBacklogUntilOneLeaves(String model, Lab lab) throws IOException {
        int max = 50;
        LabProcess server = lab.start(
                model + " server",
                lab.javaCommand(
                        List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        Lab.concurrentServerJar(),
                        "--model",
                        model,
                        "--max-connections",
                        String.valueOf(max),
                        "0"));
        int port = Integer.parseInt(server.awaitLine("^Waiting for incoming connections at port (\\d+) ", WAIT)
                .group(1));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (Crowd served = Crowd.arrive(address, max, false)) {
            await("the first " + max + " echoed").atMost(WAIT).until(served::echoed, n -> n == max);
            try (Crowd next = Crowd.arrive(address, 1, false)) {
                await("the next client in the listening socket's Recv-Q")
                        .atMost(WAIT)
                        .until(() -> listener(lab, port).receiveQueue(), q -> q == 1);
                await("the next client not served while " + max + " are")
                        .during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(3))
                        .until(next::echoed, n -> n == 0);
                served.leaveOne();
                await("the next client echoed once one of the " + max + " left")
                        .atMost(Duration.ofSeconds(2))
                        .until(next::echoed, n -> n == 1);
            }
        }
        assertThat(server.stdoutLines())
                .as("no accept() failed: the clients beyond the cap wait in the backlog")
                .noneMatch(l -> l.startsWith(ACCEPT_LINE));
    }

    /**
     * A flap on purpose: one client of the full server leaves, so the server closes that connection and has one
     * descriptor free; its next accept() takes one client from the backlog, and the one after fails again, since the
     * backlog still holds clients. The server must count that failure in the same episode, not say "works again".
     * The JVM may free a descriptor of its own meanwhile (a jar or a class file it had open), which lets one more
     * accept() through: every connection accepted, less the one that left, must be echoed and held.
     */
    private static void flap(Lab lab, LabProcess server, int port, Crowd crowd) throws IOException {
        long accepted = accepted(server.stdoutLines());
        crowd.leaveOne();
        try {
            await().atMost(WAIT).until(() -> {
                long now = accepted(server.stdoutLines());
                return now > accepted && crowd.echoed() == now - 1;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("one client left, expected one more accepted from the backlog and echoed within "
                    + WAIT + ": " + accepted(server.stdoutLines()) + " accepted (" + accepted + " before), "
                    + crowd.echoed() + " echoed and held; stdout ends " + tail(server));
        }
        assertThat(listener(lab, port).receiveQueue())
                .as("clients still in the backlog after the flap, so that the next accept() fails")
                .isPositive();
    }

    /** {@code prlimit --nofile=LIMIT:LIMIT java -jar JAR [--model MODEL] OPTIONS 0}. */
    private static List<String> limitedServer(Lab lab, String model) throws IOException {
        List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + LIMIT + ":" + LIMIT));
        List<String> jvm = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        List<String> args = switch (model) {
            case "sequential" -> List.of("--fault", "no-close"); // activity 3: the default cap does not see leaks
            case "pool" -> List.of("--model", model, "--workers", String.valueOf(CROWD), "--max-connections", "100000");
            case "workers" ->
                List.of("--model", model, "--workers", "2", "--per-worker", "1000", "--max-connections", "100000");
            default -> List.of("--model", model, "--max-connections", "100000"); // so that accept() meets EMFILE
        };
        String jar = model.equals("sequential") ? lab.serverJar() : Lab.concurrentServerJar();
        List<String> java = lab.javaCommand(jvm, jar, args.toArray(String[]::new));
        if (model.equals("virtual") && Runtime.version().feature() < 21) {
            java.set(0, Requirements.javaAtLeast(21));
        }
        command.addAll(java);
        command.add("0");
        return command;
    }

    private static long accepted(List<String> stdout) {
        return stdout.stream()
                .filter(l -> l.startsWith("Incoming connection from"))
                .count();
    }

    private static int indexOfFirstAcceptLine(List<String> stdout) {
        for (int i = 0; i < stdout.size(); i++) {
            if (stdout.get(i).startsWith(ACCEPT_LINE)) {
                return i;
            }
        }
        throw new AssertionError("no accept() line in " + stdout);
    }

    private static TcpConnection listener(Lab lab, int port) {
        return lab.kernel().connections().stream()
                .filter(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing listens on port " + port));
    }

    /** The crowd gone, the server accepts (and closes) what it left in the backlog: its Recv-Q falls to 0. */
    private static void awaitBacklogDrained(Lab lab, LabProcess server, int port) {
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener(lab, port).receiveQueue(), q -> q == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the server does not serve again: 5 s after the crowd left, its listening socket"
                    + " still has " + listener(lab, port).receiveQueue() + " connections in Recv-Q, expected 0; stdout"
                    + " ends " + tail(server) + ", stderr " + server.stderrLines());
        }
    }

    /** A new client: connect, one byte, its echo, all within {@code limit}. */
    private static void echoOnce(InetSocketAddress server, Duration limit) throws IOException {
        long start = System.nanoTime();
        try (Socket client = new Socket()) {
            client.connect(server, (int) limit.toMillis());
            client.setSoTimeout((int) limit.toMillis());
            client.getOutputStream().write('n');
            InputStream in = client.getInputStream();
            assertThat(in.read())
                    .as("the echo of a new client after the crowd left")
                    .isEqualTo('n');
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("time to serve a new client")
                .isLessThan(limit);
    }

    private static List<String> tail(LabProcess server) {
        List<String> lines = server.stdoutLines();
        return lines.subList(Math.max(0, lines.size() - 10), lines.size());
    }

    /** One row of the issue's table. */
    private static final class Row {
        final String model;
        long accepted;
        double secondsFull;
        long linesFull;
        long bytesFull;
        long acceptedAfterFailure;
        double secondsEpisode;
        long acceptLines;
        long ticksFull;
        double servedAfter = Double.NaN;
        long ticksAfter;

        Row(String model) {
            this.model = model;
        }

        @Override
        public String toString() {
            return String.format(
                    "| %s | %d lines, %d bytes in %.1f s (%.2f lines/s; %d connections after the failure line); %d accept() lines in"
                            + " %.1f s | %d ticks"
                            + " / %d s | %d ticks / %d s | %d of %d | %s |",
                    model,
                    linesFull,
                    bytesFull,
                    secondsFull,
                    linesFull / secondsFull,
                    acceptedAfterFailure,
                    acceptLines,
                    secondsEpisode,
                    ticksFull,
                    HOLD.toSeconds(),
                    ticksAfter,
                    AFTER.toSeconds(),
                    accepted,
                    CROWD,
                    Double.isNaN(servedAfter)
                            ? "–"
                            : String.format("yes, backlog drained %.1f s after the crowd left", servedAfter));
        }
    }
}
