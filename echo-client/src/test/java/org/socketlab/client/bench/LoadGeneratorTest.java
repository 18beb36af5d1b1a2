package org.socketlab.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketlab.echo.EchoHandler;

/** The load generator against a thread-per-connection echo server in this JVM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorTest {
    private ServerSocketChannel listener;
    private final List<Throwable> serverFailures = new ArrayList<>();

    @BeforeEach
    void startConcurrentEchoServer() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        Thread acceptor = new Thread(() -> {
            while (listener.isOpen()) {
                try {
                    SocketChannel client = listener.accept();
                    Thread worker = new Thread(() -> {
                        try (client) {
                            new EchoHandler(4096).serve(client, client);
                        } catch (IOException e) {
                            synchronized (serverFailures) {
                                serverFailures.add(e);
                            }
                        }
                    }, "echo-" + client.socket().getPort());
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "test-acceptor");
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
        BenchConfig config = new BenchConfig(server(), mode, 3, mode == BenchMode.STREAM ? 4096 : 32, Optional.of(100L),
                Optional.empty());
        BenchReport report = LoadGenerator.run(config, line -> { });
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
    void theCommandPrintsPercentilesAndJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchCommand.run(new String[] {"127.0.0.1", String.valueOf(listener.socket().getLocalPort()),
            "--connections", "2", "--count", "300", "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"mode\":\"rtt\"")
                .contains("\"connections\":2", "\"served\":2", "\"p99_9\":", "\"waited_before_first_echo_ms\":");
    }

    @Test
    void aBadCommandLineIsOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchCommand.run(new String[] {"127.0.0.1", "8080", "--mode", "warp"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("echo-client bench: bad --mode 'warp': expected rtt, stream or conn");
    }
}
