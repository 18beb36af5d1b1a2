package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The UDP echo server in this JVM, on loopback, with real datagram sockets as its clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpEchoServerTest {
    private static final long WAIT_SECONDS = 5;

    private final Recorder events = new Recorder(new ServerListener() {});
    private final CompletableFuture<Void> loop = new CompletableFuture<>();
    private UdpEchoServer server;

    /** What the server reported for one datagram. */
    private record Echoed(InetSocketAddress peer, int received, int echoed) {}

    /** Records the server's datagram events, so that the test thread can wait for each, and passes them on. */
    private static final class Recorder implements ServerListener {
        final BlockingQueue<Echoed> echoed = new LinkedBlockingQueue<>();
        final AtomicInteger waiting = new AtomicInteger();
        private final ServerListener next;

        Recorder(ServerListener next) {
            this.next = next;
        }

        @Override
        public void waitingForDatagrams(InetSocketAddress local) {
            waiting.incrementAndGet();
        }

        @Override
        public void datagramEchoed(InetSocketAddress peer, int received, int echoed) {
            next.datagramEchoed(peer, received, echoed);
            this.echoed.add(new Echoed(peer, received, echoed));
        }

        Echoed next() throws InterruptedException {
            Echoed next = echoed.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(next)
                    .as("the server's report of a datagram within " + WAIT_SECONDS + " s")
                    .isNotNull();
            return next;
        }
    }

    /** Starts a server on loopback, port 0, with {@code buffer}, running on a named thread; returns its address. */
    private InetSocketAddress serve(int buffer, ServerListener listener) throws IOException {
        server = new UdpEchoServer(
                ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress()), Map.of(), buffer, listener);
        InetSocketAddress address = server.start();
        Thread thread = new Thread(
                () -> {
                    try {
                        server.run();
                        loop.complete(null);
                    } catch (Throwable t) {
                        loop.completeExceptionally(t);
                    }
                },
                "udp-echo-" + address.getPort());
        thread.start();
        return address;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            loop.get(WAIT_SECONDS, TimeUnit.SECONDS); // rethrows a failure of the loop on the test thread
        }
    }

    /**
     * A client socket bound on loopback, not connected: the JDK sends an empty datagram only from an unconnected
     * channel (on a connected one, send() and write() of an empty buffer send nothing and return 0).
     */
    private static DatagramChannel client() throws IOException {
        DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET);
        client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return client;
    }

    private static void send(DatagramChannel client, InetSocketAddress server, byte[] datagram) throws IOException {
        assertThat(client.send(ByteBuffer.wrap(datagram), server))
                .as("bytes sent")
                .isEqualTo(datagram.length);
    }

    /** Receives one datagram, waiting at most {@link #WAIT_SECONDS}; returns its bytes. */
    private static byte[] receive(DatagramChannel client) throws IOException {
        client.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        byte[] buffer = new byte[UdpEchoServer.MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        client.socket().receive(packet);
        return Arrays.copyOf(buffer, packet.getLength());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachDatagramComesBackAsOneDatagramWhole() throws Exception {
        InetSocketAddress address = serve(UdpEchoServer.MAX_DATAGRAM, events);
        byte[] large = new byte[UdpEchoServer.MAX_DATAGRAM - 20]; // the largest over IPv4: 65,507
        new Random(862).nextBytes(large);
        try (DatagramChannel client = client()) {
            InetSocketAddress local = (InetSocketAddress) client.getLocalAddress();
            // Sent back to back before reading: UDP keeps the boundaries that TCP would merge into one stream.
            for (byte[] datagram : new byte[][] {bytes("hello"), bytes("world"), new byte[0], large}) {
                send(client, address, datagram);
            }
            for (byte[] datagram : new byte[][] {bytes("hello"), bytes("world"), new byte[0], large}) {
                assertThat(receive(client))
                        .as("the echo of a datagram of " + datagram.length + " bytes")
                        .isEqualTo(datagram);
                assertThat(events.next()).isEqualTo(new Echoed(local, datagram.length, datagram.length));
            }
        }
    }

    @Test
    void aSmallerBufferCutsTheDatagramAndSaysHowMuch() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabMessages messages = new LabMessages(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                "",
                new Switches(Map.of(Switches.Setting.BUFFER, "--buffer")));
        Recorder both = new Recorder(messages);
        InetSocketAddress address = serve(3, both);
        try (DatagramChannel client = client()) {
            int port = ((InetSocketAddress) client.getLocalAddress()).getPort();
            send(client, address, bytes("hello\n"));
            assertThat(receive(client)).as("the first 3 bytes of 6").isEqualTo(bytes("hel"));
            assertThat(both.next()).extracting(Echoed::received, Echoed::echoed).containsExactly(6, 3);
            send(client, address, bytes("ab"));
            assertThat(receive(client))
                    .as("a datagram within the buffer, whole")
                    .isEqualTo(bytes("ab"));
            assertThat(both.next()).extracting(Echoed::received, Echoed::echoed).containsExactly(2, 2);
            assertThat(out.toString(StandardCharsets.UTF_8).lines())
                    .containsExactly(
                            "Datagram from 127.0.0.1 remote port " + port
                                    + ": 6 bytes received, 3 echoed, 3 lost: the receive"
                                    + " buffer holds 3 bytes (--buffer), the rest of the datagram is cut",
                            "Datagram from 127.0.0.1 remote port " + port + ": 2 bytes echoed");
        }
    }

    @Test
    void twoSendersAreServedInterleavedEachGettingItsOwnEcho() throws Exception {
        InetSocketAddress address = serve(UdpEchoServer.MAX_DATAGRAM, events);
        try (DatagramChannel a = client();
                DatagramChannel b = client()) {
            InetSocketAddress aLocal = (InetSocketAddress) a.getLocalAddress();
            InetSocketAddress bLocal = (InetSocketAddress) b.getLocalAddress();
            // A has not finished (its socket stays open), yet B is served at once: no connection holds the server.
            send(a, address, bytes("A1"));
            assertThat(receive(a)).isEqualTo(bytes("A1"));
            send(b, address, bytes("B1"));
            assertThat(receive(b)).isEqualTo(bytes("B1"));
            send(a, address, bytes("A2"));
            assertThat(receive(a)).isEqualTo(bytes("A2"));
            assertThat(events.next().peer()).as("first served").isEqualTo(aLocal);
            assertThat(events.next().peer()).as("second served").isEqualTo(bLocal);
            assertThat(events.next().peer()).as("third served").isEqualTo(aLocal);
        }
    }

    @Test
    void closeEndsRunAndIsIdempotent() throws Exception {
        serve(UdpEchoServer.MAX_DATAGRAM, events);
        server.close();
        loop.get(WAIT_SECONDS, TimeUnit.SECONDS);
        server.close();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("start() after close(): a closed server cannot open its socket again");
    }

    @Test
    void startTwiceBindsOnce() throws Exception {
        InetSocketAddress first = serve(UdpEchoServer.MAX_DATAGRAM, events);
        assertThat(server.start()).as("the second start()").isEqualTo(first);
        assertThat(events.waiting.get()).as("waiting lines").isEqualTo(1);
        try (DatagramChannel client = client()) { // an echo: run() is serving on its thread by now
            send(client, first, bytes("running"));
            assertThat(receive(client)).as("the echo before the second run()").isEqualTo(bytes("running"));
        }
        assertThatThrownBy(server::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("run() called twice: the server already runs");
    }

    @Test
    void misuseIsNamed() {
        UdpEchoServer unstarted = new UdpEchoServer(ServerConfig.of(0), Map.of(), 1, events);
        assertThatThrownBy(unstarted::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("run() before start(): call start() first");
        unstarted.close();
        assertThatThrownBy(() -> new UdpEchoServer(ServerConfig.of(0), Map.of(), 0, events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad buffer size 0: expected 1 to");
        assertThatThrownBy(
                        () -> new UdpEchoServer(ServerConfig.of(0), Map.of(), UdpEchoServer.MAX_DATAGRAM + 1, events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65527");
    }
}
