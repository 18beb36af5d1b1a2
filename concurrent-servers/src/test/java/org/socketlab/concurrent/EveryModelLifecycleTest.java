package org.socketlab.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketlab.concurrent.posix.SmartSelectServer;
import org.socketlab.concurrent.process.PreforkServer;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;
import org.socketlab.server.UdpEchoServer;

/**
 * The life cycle every server model shares, each model in turn: start() and close() idempotent, run() once and
 * after start(), no start() after close(), and a close() before run() that leaves nothing to serve. Each test's
 * timeout runs on a thread of its own: a run() that ignores the interrupt (asleep in select(2)) fails the test
 * instead of hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EveryModelLifecycleTest {
    private static final ServerConfig LOOPBACK = ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LabMessages messages = new LabMessages(new PrintStream(out, true, StandardCharsets.UTF_8), "");

    /** Every model of {@link Model}, and the UDP echo server. */
    static Stream<Named<Function<LabMessages, ServerModel>>> models() {
        Stream<Named<Function<LabMessages, ServerModel>>> tcp = Arrays.stream(Model.values())
                .map(model -> Named.of(model.cliName(), messages -> {
                    Assumptions.assumeTrue(
                            model != Model.VIRTUAL || Runtime.version().feature() >= 21,
                            "the virtual model needs JDK 21 or newer");
                    return model.create(LOOPBACK, messages, 2, 2);
                }));
        return Stream.concat(
                tcp,
                Stream.of(Named.of(
                        "udp",
                        messages -> new UdpEchoServer(LOOPBACK, Map.of(), UdpEchoServer.MAX_DATAGRAM, messages))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void startTwiceOpensOneSocket(Function<LabMessages, ServerModel> model) throws Exception {
        try (ServerModel server = model.apply(messages)) {
            InetSocketAddress address = server.start();
            assertThat(server.start()).isEqualTo(address);
            assertThat(lines()).filteredOn(l -> l.startsWith("Waiting for ")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runTwiceIsNamedAndTheFirstRunServesOn(Function<LabMessages, ServerModel> model) throws Exception {
        ServerModel server = model.apply(messages);
        InetSocketAddress address = server.start();
        CompletableFuture<Void> first = CompletableFuture.runAsync(server::run);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> serves(server, address));
            assertThatThrownBy(server::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("run() called twice: the server already runs");
            assertThat(serves(server, address))
                    .as("the first run() still serves")
                    .isTrue();
        } finally {
            server.close();
        }
        first.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void closeTwiceStopsOnceWithOneLastLine(Function<LabMessages, ServerModel> model) throws Exception {
        ServerModel server = model.apply(messages);
        InetSocketAddress address = server.start();
        CompletableFuture<Void> running = CompletableFuture.runAsync(server::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> serves(server, address));
        server.close();
        server.close();
        running.get(10, TimeUnit.SECONDS);
        assertThat(lines()).last().asString().startsWith("Server stopped: ");
        assertThat(lines()).filteredOn(l -> l.startsWith("Server stopped")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void startAfterCloseIsNamed(Function<LabMessages, ServerModel> model) throws Exception {
        ServerModel server = model.apply(messages);
        server.start();
        server.close();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("start() after close(): a closed server cannot open its socket again");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void closeBeforeRunStopsTheServerWithOneLastLine(Function<LabMessages, ServerModel> model) throws Exception {
        ServerModel server = model.apply(messages);
        InetSocketAddress address = server.start();
        server.close();
        CompletableFuture.runAsync(server::run).get(10, TimeUnit.SECONDS); // returns at once
        assertThat(lines()).filteredOn(l -> l.startsWith("Server stopped")).hasSize(1);
        if (!(server instanceof UdpEchoServer)) {
            assertThatThrownBy(() -> SocketChannel.open(address).close())
                    .as("the listening socket is closed: the kernel refuses the connection")
                    .isInstanceOf(ConnectException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runBeforeStartIsNamed(Function<LabMessages, ServerModel> model) {
        try (ServerModel server = model.apply(messages)) {
            assertThatThrownBy(server::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("run() before start(): call start() first");
        }
    }

    /** Whether the server answers now: a TCP model accepts a client (its lab line says so), UDP echoes a datagram. */
    private boolean serves(ServerModel server, InetSocketAddress address) throws IOException {
        if (server instanceof UdpEchoServer) {
            try (DatagramSocket client = new DatagramSocket()) {
                client.setSoTimeout(2000);
                client.send(new DatagramPacket(new byte[] {'x'}, 1, address));
                client.receive(new DatagramPacket(new byte[1], 1));
                return true;
            } catch (SocketTimeoutException e) {
                return false; // not served (yet)
            }
        }
        if (server instanceof PreforkServer || server instanceof SmartSelectServer) {
            return echoes(address); // their processes serve, and print their lab lines on their own standard output
        }
        long before = lines().stream()
                .filter(l -> l.startsWith("Incoming connection"))
                .count();
        try (SocketChannel client = SocketChannel.open(address)) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> client.isConnected()
                            && lines().stream()
                                            .filter(l -> l.startsWith("Incoming connection"))
                                            .count()
                                    > before);
            return true;
        }
    }

    /** Whether one byte sent comes back. */
    private static boolean echoes(InetSocketAddress address) throws IOException {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(2000);
            client.getOutputStream().write('x');
            return client.getInputStream().read() == 'x';
        } catch (SocketTimeoutException e) {
            return false; // no process serves (yet)
        }
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
