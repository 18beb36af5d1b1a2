package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.options.TcpState;

/**
 * The parser and the inference on what this machine's tcpdump prints right now, checked against what {@code ss}
 * shows for the same sockets: the lab's activity 3 (the server that does not close) and a whole echo exchange.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveCaptureIT {
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path dir;

    private ServerSocket listener;
    private Process tcpdump;
    private Path captured;

    @BeforeEach
    void listenAndCapture() throws Exception {
        requireRootAndTcpdump();
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        captured = dir.resolve("capture.txt");
        Path log = dir.resolve("tcpdump.err");
        tcpdump = new ProcessBuilder(
                        "tcpdump", "-i", "lo", "-n", "-tt", "-l", "-U", "tcp port " + listener.getLocalPort())
                .redirectOutput(captured.toFile())
                .redirectError(log.toFile())
                .start();
        await("tcpdump listening", () -> Files.readString(log).contains("listening on"));
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        if (listener != null) {
            listener.close();
        }
        if (tcpdump != null) {
            tcpdump.destroy();
            if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
                tcpdump.destroyForcibly();
            }
        }
    }

    @Test
    void aServerThatDoesNotCloseIsInCloseWaitOnTheWireAndInTheKernel() throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept()) {
            client.getOutputStream().write("no close\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            Endpoint clientEnd = new Endpoint("127.0.0.1", client.getLocalPort());
            Endpoint serverEnd = new Endpoint("127.0.0.1", listener.getLocalPort());

            ParsedCapture capture = awaitCapture(
                    "the server's kernel acknowledging the client's FIN",
                    c -> TcpStates.infer(c.segments())
                                    .stateOf(serverEnd, clientEnd)
                                    .orElse(null)
                            == TcpState.CLOSE_WAIT);
            List<StateCheck> checks = TcpStates.infer(capture.segments()).check(ss(listener.getLocalPort()));

            assertThat(capture.skippedLines())
                    .as("lines of this tcpdump not read:\n%s", capture.firstSkipped())
                    .isZero();
            assertThat(checks)
                    .as("inferred vs ss, capture:\n%s", Files.readString(captured))
                    .extracting(StateCheck::toString)
                    .contains(
                            "✔ 127.0.0.1:" + serverEnd.port() + " CLOSE_WAIT (ss: CLOSE-WAIT)",
                            "✔ 127.0.0.1:" + clientEnd.port() + " FIN_WAIT_2 (ss: FIN-WAIT-2)");
            assertThat(accepted.getInputStream().readAllBytes()).hasSize(9);
        }
    }

    @Test
    void aWholeEchoExchangeLeavesTheClientInTimeWait() throws Exception {
        Endpoint clientEnd;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            clientEnd = new Endpoint("127.0.0.1", client.getLocalPort());
            try (Socket accepted = listener.accept()) {
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                InputStream in = accepted.getInputStream();
                OutputStream out = accepted.getOutputStream();
                out.write(in.readAllBytes());
            }
            assertThat(client.getInputStream().readAllBytes())
                    .asString(StandardCharsets.US_ASCII)
                    .isEqualTo("hello\n");
        }
        Endpoint serverEnd = new Endpoint("127.0.0.1", listener.getLocalPort());

        ParsedCapture capture = awaitCapture(
                "the last ACK",
                c -> TcpStates.infer(c.segments()).stateOf(serverEnd, clientEnd).orElse(null) == TcpState.CLOSED);
        TcpStates states = TcpStates.infer(capture.segments());

        assertThat(capture.segments().get(0).label()).as("the first segment").isEqualTo("[S] seq 0 mss 65495");
        assertThat(capture.segments())
                .filteredOn(s -> s.length() > 0)
                .extracting(Segment::length)
                .as("the line and its echo")
                .containsExactly(6, 6);
        assertThat(states.check(ss(listener.getLocalPort())))
                .extracting(StateCheck::toString)
                .as("capture:\n%s", Files.readString(captured))
                .contains("✔ 127.0.0.1:" + clientEnd.port() + " TIME_WAIT (ss: TIME-WAIT)");
    }

    private ParsedCapture awaitCapture(String what, Predicate<ParsedCapture> done) throws Exception {
        ParsedCapture[] last = new ParsedCapture[1];
        await(what + " captured", () -> {
            last[0] = TcpdumpParser.parse(Files.readAllLines(captured));
            return done.test(last[0]);
        });
        return last[0];
    }

    /** Every TCP socket on the port as {@code ss -Htan} shows it. */
    private static List<SocketState> ss(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Htan", "sport = :" + port + " or dport = :" + port)
                .redirectErrorStream(true)
                .start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).as("ss finished").isTrue();
        return output.lines().map(SocketState::fromSs).flatMap(Optional::stream).toList();
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    /** Polls a fact every 20 ms for at most {@link #WAIT_MILLIS}. */
    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + WAIT_MILLIS + " ms: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void requireRootAndTcpdump() throws IOException, InterruptedException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        boolean tcpdump = List.of("/usr/bin/tcpdump", "/usr/sbin/tcpdump", "/sbin/tcpdump").stream()
                .anyMatch(p -> Files.isExecutable(Path.of(p)));
        String reason = !root
                ? "capturing packets needs root (run the tests as root, as CI does)"
                : !tcpdump ? "capturing packets needs tcpdump (apt-get install tcpdump)" : null;
        if (reason == null) {
            return;
        }
        if ("1".equals(System.getenv("SOCKETLAB_REQUIRE_ALL"))) {
            throw new AssertionError("SOCKETLAB_REQUIRE_ALL=1 but " + reason);
        }
        System.err.println("skipped: " + reason);
        Assumptions.abort("skipped: " + reason);
    }
}
