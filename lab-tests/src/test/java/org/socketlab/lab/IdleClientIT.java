package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Faults on the wire, 5: one client that does nothing stops a sequential server. A client that connects and sends
 * nothing holds the server in read(); one that sends but never reads holds it in write() once the buffers fill
 * (the client's kernel advertises a zero window). Either way every later client waits in the accept queue, its
 * bytes ACKed by the server's kernel and never echoed: a denial of service by one connection. The server's
 * {@code --idle-timeout} ends both: as a read timeout (SO_TIMEOUT) the first, and the second because it also sets
 * TCP_USER_TIMEOUT, after which the kernel drops a connection whose window stays shut (a read timeout alone never
 * ends a blocked write). A concurrent model gives the idle client a thread (or a selector slot)
 * of its own and is not stopped.
 */
@LabExperiment
class IdleClientIT {
    private static final String HOST = "127.0.0.1";
    private static final byte[] NEXT = "next\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void anIdleClientStopsTheSequentialServerUntilItsIdleTimeoutAndTheQueueMovesOn(Lab lab) throws IOException {
        LabProcess server = Faults.server(lab, Host.LOOPBACK, "sequential", "--idle-timeout", "2s");
        int port = Faults.port(server);
        Capture wire = lab.capture("tcp port " + port);
        LabProcess idle = connectedClient(lab, Host.LOOPBACK, "idle client", HOST, port);
        int idlePort = localPort(idle);
        server.awaitLine("remote port " + idlePort + "$", WAIT);
        try (SocketChannel next = SocketChannel.open(new InetSocketAddress(HOST, port))) {
            // In this JVM, so that it is queued at once: the idle client's 2 s count from its accept.
            int nextPort = ((InetSocketAddress) next.getLocalAddress()).getPort();
            long sent = System.nanoTime();
            next.write(ByteBuffer.wrap(NEXT.clone()));

            TcpConnection queued = queuedWithItsBytes(lab, port, nextPort, NEXT.length);
            Frame data = wire.awaitFrame(
                    f -> f.between(nextPort, port) && f.length() == NEXT.length, "the next client's line", WAIT);
            wire.awaitFrame(
                    f -> f.between(port, nextPort)
                            && f.ack().orElse(0) >= data.seqEnd().orElseThrow(),
                    "the server's kernel ACKing it",
                    WAIT);
            assertThat(echoSeen(wire, port, nextPort))
                    .as("echo segments to the next client while the idle one is" + " served")
                    .isEmpty();
            assertEchoed(next);
            double waited = (System.nanoTime() - sent) / 1e9;
            server.awaitLine("^Incoming connection from " + HOST + " remote port " + nextPort + "$", WAIT);
            List<String> lines = server.stdoutLines();
            assertThat(indexOf(
                            lines,
                            "remote port " + idlePort + " failed after 0 bytes echoed: idle longer than"
                                    + " the read timeout"))
                    .as("the idle client's end, before the next is accepted; server printed " + lines)
                    .isLessThan(indexOf(lines, "Incoming connection from " + HOST + " remote port " + nextPort));
            System.out.printf(
                    "idle client: the next client's 5 bytes waited %.1f s in the accept queue (%s),"
                            + " echoed once --idle-timeout 2s closed the idle connection%n",
                    waited, queued);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "pool", "selector", "workers"})
    void anIdleClientDoesNotStopAConcurrentModel(String model, Lab lab) {
        LabProcess server = Faults.server(lab, Host.LOOPBACK, model);
        int port = Faults.port(server);
        LabProcess idle = connectedClient(lab, Host.LOOPBACK, "idle client", HOST, port);
        int idlePort = localPort(idle);
        echo(connectedClient(lab, Host.LOOPBACK, "next client", HOST, port), "next");
        TcpConnection held = lab.kernel().find(port, idlePort).orElseThrow();
        assertThat(held.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(held.inode())
                .as("the idle connection, accepted and still open")
                .isNotZero();
    }

    @Test
    void aClientThatNeverReadsBlocksTheSequentialServerInWriteUntilTheIdleTimeoutEndsIt(Lab lab) throws Exception {
        LabProcess server = Faults.server(lab, Host.LOOPBACK, "sequential", "--idle-timeout", "2s");
        int port = Faults.port(server);
        Capture wire = lab.capture("tcp port " + port);
        TcpConnection queued;
        double freed;
        try (SocketChannel flooder = SocketChannel.open(new InetSocketAddress(HOST, port))) {
            int flooderPort = ((InetSocketAddress) flooder.getLocalAddress()).getPort();
            fillUntilTheServerBlocks(lab, flooder, port, flooderPort);
            wire.awaitFrame(
                    f -> f.between(flooderPort, port) && f.line().contains(" win 0,"),
                    "the flooder's kernel advertising a zero window",
                    WAIT);
            long blocked = System.nanoTime();
            try (SocketChannel next = SocketChannel.open(new InetSocketAddress(HOST, port))) {
                int nextPort = ((InetSocketAddress) next.getLocalAddress()).getPort();
                next.write(ByteBuffer.wrap(NEXT.clone()));
                queued = queuedWithItsBytes(lab, port, nextPort, NEXT.length);
                TcpConnection stuck = lab.kernel().find(port, flooderPort).orElseThrow();
                assertThat(stuck.sendQueue())
                        .as("the echo the server's kernel cannot send: " + stuck)
                        .isPositive();
                server.awaitLine(
                        "remote port " + flooderPort + " failed after \\d+ bytes echoed: Connection timed" + " out",
                        WAIT);
                freed = (System.nanoTime() - blocked) / 1e9;
                assertEchoed(next);
            }
        }
        System.out.printf(
                "client that never reads: the server was blocked in write; --idle-timeout 2s (as"
                        + " TCP_USER_TIMEOUT) freed it %.1f s after the zero window was seen (ETIMEDOUT); the"
                        + " next client waited"
                        + " meanwhile (%s)%n",
                freed, queued);
    }

    /**
     * Writes without reading until the echo backs up: the flooder's receive queue holds echoed bytes and a write
     * finds no room. Non-blocking writes, so that the test never blocks however the buffers are tuned.
     */
    private static void fillUntilTheServerBlocks(Lab lab, SocketChannel flooder, int port, int flooderPort)
            throws IOException {
        flooder.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        await("the flooder's receive queue full and its writes refused")
                .atMost(WAIT)
                .until(() -> {
                    int written = 0;
                    for (int n = flooder.write(chunk.clear()); n > 0; n = flooder.write(chunk.clear())) {
                        written += n;
                    }
                    return written == 0
                            && lab.kernel()
                                    .find(flooderPort, port)
                                    .map(c -> c.receiveQueue() > 0)
                                    .orElse(false);
                });
    }

    /** Waits until the client's connection sits in the server's accept queue with {@code bytes} unread. */
    private static TcpConnection queuedWithItsBytes(Lab lab, int port, int clientPort, long bytes) {
        return await("the connection from port " + clientPort + " queued, not accepted, with its " + bytes
                        + " bytes ACKed by the kernel")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> lab.kernel().find(port, clientPort).orElse(null),
                        c -> c != null && c.inode() == 0 && c.receiveQueue() == bytes);
    }

    /** Reads the echo of {@link #NEXT}, waiting at most {@link Lab#WAIT}, and compares it. */
    private static void assertEchoed(SocketChannel client) throws IOException {
        client.socket().setSoTimeout((int) WAIT.toMillis());
        byte[] echo = client.socket().getInputStream().readNBytes(NEXT.length);
        assertThat(echo).as("the echo").isEqualTo(NEXT);
    }

    private static List<Frame> echoSeen(Capture wire, int port, int clientPort) {
        return wire.frames(f -> f.between(port, clientPort) && f.length() > 0);
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no line containing '" + part + "' in " + lines);
    }
}
