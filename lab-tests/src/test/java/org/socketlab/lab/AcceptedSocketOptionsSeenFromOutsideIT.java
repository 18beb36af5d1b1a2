package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.Experiments.withPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.SocketOfProcess;
import org.socketlab.lab.fixture.SocketOfProcess.Option;
import org.socketlab.options.TcpConnection;

/**
 * The server's {@code -o} options for accepted sockets, checked where they act and never from the server's own
 * words: SO_KEEPALIVE starts the kernel's keep-alive timer ({@code ss -tno} shows {@code timer:(keepalive,...)},
 * /proc/net/tcp timer 2), SO_LINGER 0 turns the server's close into a RST, and each option reads back with
 * getsockopt on the server's own socket. Every server model applies them the same way.
 */
@LabExperiment
class AcceptedSocketOptionsSeenFromOutsideIT {
    /** Applying an option, or closing at EOF, takes microseconds; a few seconds allow for a loaded machine. */
    private static final Duration APPLIED = Duration.ofSeconds(5);

    private static final int KEEPALIVE_TIMER = 2;

    private static LabProcess listening(Lab lab, String model, int port, String... options) {
        return awaitListening(lab.serverModel(model, withPort(options, port)), port);
    }

    private static SocketChannel connect(int port) throws IOException {
        return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    private static int localPort(SocketChannel client) throws IOException {
        return ((InetSocketAddress) client.getLocalAddress()).getPort();
    }

    /** The server's end of the connection once the server has accepted it (a queued connection has inode 0). */
    private static TcpConnection acceptedEnd(Lab lab, int port, int clientPort) {
        try {
            return await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(
                            () -> lab.kernel().find(port, clientPort),
                            c -> c.isPresent() && c.get().inode() != 0)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the server did not accept the connection from port " + clientPort + " within "
                    + WAIT + "; the kernel has " + lab.kernel().describePort(port));
        }
    }

    /** Waits until getsockopt on the server's socket reads {@code expected}; fails with the value it read. */
    private static void awaitOption(LabProcess server, TcpConnection socket, Option option, int expected) {
        int[] seen = {Integer.MIN_VALUE};
        try {
            await().atMost(APPLIED).pollInterval(Duration.ofMillis(20)).until(() -> {
                seen[0] = SocketOfProcess.getsockopt(server, socket.inode(), option);
                return seen[0] == expected;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("getsockopt " + option + " on the server's accepted socket " + socket
                    + ": expected " + expected + ", the kernel says " + seen[0] + " after " + APPLIED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "workers"})
    void soKeepaliveStartsTheKeepaliveTimerAndTcpNodelayReadsBackOnTheServersEnd(String model, Lab lab)
            throws Exception {
        int port = lab.freePort();
        LabProcess server = listening(lab, model, port, "-o", "SO_KEEPALIVE=true", "-o", "TCP_NODELAY=true");
        try (SocketChannel client = connect(port)) {
            int clientPort = localPort(client);
            TcpConnection serverEnd = acceptedEnd(lab, port, clientPort);
            awaitOption(server, serverEnd, Option.SO_KEEPALIVE, 1);
            awaitOption(server, serverEnd, Option.TCP_NODELAY, 1);
            TcpConnection now = lab.kernel().find(port, clientPort).orElseThrow();
            assertThat(now.timerActive())
                    .as("the timer of the server's end (/proc/net/tcp; ss -tno shows"
                            + " timer:(keepalive,...)): expected 2, keep-alive; " + now)
                    .isEqualTo(KEEPALIVE_TIMER);
            TcpConnection clientEnd = lab.kernel().find(clientPort, port).orElseThrow();
            assertThat(clientEnd.timerActive())
                    .as("the client's end, which did not ask for keep-alive; " + clientEnd)
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "workers"})
    void soLinger0MakesTheServerEndTheConnectionWithARstInsteadOfAFin(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        Capture wire = lab.capture("tcp port " + port);
        LabProcess server = listening(lab, model, port, "-o", "SO_LINGER=0");
        try (SocketChannel client = connect(port)) {
            int clientPort = localPort(client);
            client.write(ByteBuffer.wrap(new byte[] {'x', '\n'}));
            ByteBuffer echo = ByteBuffer.allocate(2);
            while (echo.hasRemaining() && client.read(echo) >= 0) {
                // the echo: the server is done with everything but closing
            }
            awaitOption(server, acceptedEnd(lab, port, clientPort), Option.SO_LINGER, 0);
            client.shutdownOutput(); // EOF: the server closes its socket, abortively
            Frame rst = wire.awaitFrame(
                    f -> f.between(port, clientPort) && f.isRst(), "the server's RST after the client's FIN", APPLIED);
            assertThat(wire.frames(f -> f.between(port, clientPort) && f.isFin()))
                    .as("FINs from the server, which closed with SO_LINGER 0 (it sent " + rst.line() + ")")
                    .isEmpty();
        }
    }
}
