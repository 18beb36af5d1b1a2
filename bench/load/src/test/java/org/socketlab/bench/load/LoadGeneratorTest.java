package org.socketlab.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketlab.echo.EchoHandler;

/** The load generator against echo servers in this JVM: thread-per-connection, and one selector thread. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorTest {
    private ServerSocketChannel listener;
    private final List<Throwable> serverFailures = new ArrayList<>();

    @BeforeEach
    void startConcurrentEchoServer() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        Thread acceptor = new Thread(
                () -> {
                    while (listener.isOpen()) {
                        try {
                            SocketChannel client = listener.accept();
                            Thread worker = new Thread(
                                    () -> {
                                        try (client) {
                                            new EchoHandler(4096).serve(client, client);
                                        } catch (IOException e) {
                                            synchronized (serverFailures) {
                                                serverFailures.add(e);
                                            }
                                        }
                                    },
                                    "echo-" + client.socket().getPort());
                            worker.setDaemon(true);
                            worker.start();
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    private InetSocketAddress server() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    @ParameterizedTest
    @EnumSource(BenchMode.class)
    void everyModeMeasuresEveryConnectionOfACountedRun(BenchMode mode) throws Exception {
        BenchConfig config = new BenchConfig(
                server(), mode, 3, mode == BenchMode.STREAM ? 4096 : 32, Optional.of(100L), Optional.empty());
        BenchReport report = LoadGenerator.run(config, line -> {});
        assertThat(report.served()).isEqualTo(3);
        assertThat(report.perConnection()).allSatisfy(c -> {
            assertThat(c.ops()).isEqualTo(100);
            assertThat(c.failure()).isNull();
            assertThat(c.localPort()).isPositive();
        });
        assertThat(report.ops()).isEqualTo(300);
        assertThat(report.bytes()).isEqualTo(300L * config.size());
        assertThat(report.seconds()).isPositive();
        if (mode != BenchMode.STREAM) {
            assertThat(report.latency().getTotalCount()).isEqualTo(300);
        }
        synchronized (serverFailures) {
            assertThat(serverFailures).isEmpty();
        }
    }

    @Test
    void aThousandConnectionsShareTwoThreads() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SelectorEchoServer server = new SelectorEchoServer(offset -> false)) {
            int before = threads.getThreadCount();
            threads.resetPeakThreadCount();
            BenchConfig config = new BenchConfig(
                    server.address(), BenchMode.RTT, 1000, 64, Optional.of(20L), Optional.empty(), Duration.ZERO, 2);
            BenchReport report = LoadGenerator.run(config, line -> {});
            assertThat(report.served()).as("connections served").isEqualTo(1000);
            assertThat(report.ops())
                    .as("round trips measured, after 2 of warm-up each")
                    .isEqualTo(1000 * 20);
            assertThat(threads.getPeakThreadCount() - before)
                    .as("threads started for 1000 connections")
                    .isLessThanOrEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(BenchMode.class)
    void everyEchoedByteIsChecked(BenchMode mode) throws Exception {
        try (SelectorEchoServer server = new SelectorEchoServer(offset -> offset == 400)) {
            BenchConfig config = new BenchConfig(server.address(), mode, 1, 600, Optional.of(20L), Optional.empty());
            BenchReport report = LoadGenerator.run(config, line -> {});
            assertThat(report.perConnection().get(0).failure())
                    .as("failure of the connection")
                    .isEqualTo("byte 400 of the echo differs from the byte sent");
        }
    }

    @Test
    void aTimedRunMeasuresWhatFollowsItsWarmUp() throws Exception {
        try (SelectorEchoServer server = new SelectorEchoServer(offset -> false)) {
            BenchConfig config = new BenchConfig(
                    server.address(),
                    BenchMode.RTT,
                    4,
                    64,
                    Optional.empty(),
                    Optional.of(Duration.ofMillis(800)),
                    Duration.ofMillis(300),
                    1);
            BenchReport report = LoadGenerator.run(config, line -> {});
            assertThat(report.seconds()).as("measured seconds").isEqualTo(0.5);
            assertThat(report.served()).isEqualTo(4);
            assertThat(report.perConnection())
                    .allSatisfy(c -> assertThat(c.failure()).isNull());
            assertThat(report.latency().getTotalCount())
                    .as("round trips measured")
                    .isEqualTo(report.ops())
                    .isPositive();
        }
    }

    @Test
    void aTimedRunEndsItsConnectionsWithARstLeavingNoTimeWait() throws Exception {
        Path tcp = Path.of("/proc/net/tcp");
        Path tcp6 = Path.of("/proc/net/tcp6"); // the JDK's channels are IPv6 sockets: IPv4 peers as ::ffff:a.b.c.d
        Assumptions.assumeTrue(Files.isReadable(tcp) && Files.isReadable(tcp6), "Linux only: reads /proc/net/tcp");
        try (SelectorEchoServer server = new SelectorEchoServer(offset -> false)) {
            BenchConfig config = new BenchConfig(
                    server.address(),
                    BenchMode.RTT,
                    50,
                    64,
                    Optional.empty(),
                    Optional.of(Duration.ofMillis(300)),
                    Duration.ZERO,
                    1);
            BenchReport report = LoadGenerator.run(config, line -> {});
            Set<Integer> ports = report.perConnection().stream()
                    .map(ConnectionResult::localPort)
                    .collect(Collectors.toSet());
            assertThat(ports).as("local ports of the run").hasSize(50);
            // /proc/net/tcp: "sl local_address rem_address st ...", addresses as HEXIP:HEXPORT, st the TCP state in
            // hex.
            // A close with a FIN would leave each client socket in FIN_WAIT (05, 06) and then TIME_WAIT (06, 60 s).
            int serverPort = server.address().getPort();
            List<String> left = Stream.of(tcp, tcp6)
                    .flatMap(LoadGeneratorTest::entries)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> ports.contains(port(f[1])) && port(f[2]) == serverPort)
                    .map(f -> f[1] + " -> " + f[2] + " st " + f[3])
                    .toList();
            assertThat(left)
                    .as("the run's client sockets still in the kernel (ended with a RST, there should be none)")
                    .isEmpty();
        }
    }

    /** The lines of a /proc/net/tcp file after its header. */
    private static Stream<String> entries(Path file) {
        try {
            return Files.readAllLines(file).stream().skip(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }

    @Test
    void theCommandPrintsPercentilesAndJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchCommand.run(
                new String[] {
                    "127.0.0.1",
                    String.valueOf(listener.socket().getLocalPort()),
                    "--connections",
                    "2",
                    "--duration",
                    "300ms",
                    "--warmup",
                    "0s",
                    "--json"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("{\"mode\":\"rtt\"")
                .contains(
                        "\"connections\":2",
                        "\"served\":2",
                        "\"p99_9\":",
                        "\"waited_before_first_echo_ms\":",
                        "\"cpu_seconds\":");
    }

    @Test
    void aBadCommandLineIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchCommand.run(
                new String[] {"127.0.0.1", "8080", "--mode", "warp"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("bench-load: bad --mode 'warp': expected rtt, stream or conn");
    }

    @Test
    void aWarmUpAsLongAsTheRunIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchCommand.run(
                new String[] {"127.0.0.1", "8080", "--duration", "2s", "--warmup", "2s"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("bench-load: bad --warmup 2000 ms: expected less than the --duration, 2000 ms");
    }
}
