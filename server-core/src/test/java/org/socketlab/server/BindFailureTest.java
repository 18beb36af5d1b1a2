package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/** The advice for "Address already in use", from sockets as /proc/net/tcp lists them and from the real kernel. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BindFailureTest {

    private static final Optional<InetAddress> ANY = Optional.empty();
    /** A program with a switch for SO_REUSEADDR, as the project's servers have. */
    private static final Switches PROGRAM = new Switches(Map.of(Switches.Setting.REUSE_ADDRESS, "--reuse-address"));

    private static TcpConnection socket(TcpState state, String address, int port) {
        return new TcpConnection(
                new InetSocketAddress(address, port), new InetSocketAddress("0.0.0.0", 0), state, 0, 0, 0, 0, 0);
    }

    @Test
    void aListenerOnThePortIsNamedAndSoReuseaddrIsNotOffered() {
        String advice = BindFailure.advice(
                8765,
                ANY,
                false,
                List.of(socket(TcpState.LISTEN, "0.0.0.0", 8765), socket(TcpState.ESTABLISHED, "127.0.0.1", 8765)),
                PROGRAM);

        assertThat(advice)
                .isEqualTo("cannot listen on port 8765: Address already in use: another server listens on "
                        + "0.0.0.0:8765 (ss -ltnp 'sport = :8765' names it) and SO_REUSEADDR never shares a"
                        + " listening port; "
                        + "stop that server or choose another port");
    }

    @Test
    void aListenerIsStillTheCauseWhenReuseAddressWasGiven() {
        String advice = BindFailure.advice(
                8765,
                ANY,
                true,
                List.of(socket(TcpState.TIME_WAIT, "127.0.0.1", 8765), socket(TcpState.LISTEN, "::", 8765)),
                PROGRAM);

        assertThat(advice)
                .as("advice with a dual-stack listener and --reuse-address")
                .contains("another server listens on [::]:8765")
                .doesNotContain("--reuse-address");
    }

    @Test
    void connectionsInTimeWaitWithoutTheFlagSuggestWaitingOrReuseAddress() {
        String advice = BindFailure.advice(
                8765,
                ANY,
                false,
                List.of(socket(TcpState.TIME_WAIT, "127.0.0.1", 8765), socket(TcpState.FIN_WAIT_2, "127.0.0.1", 8765)),
                PROGRAM);

        assertThat(advice)
                .isEqualTo("cannot listen on port 8765: Address already in use: 2 connections of a server "
                        + "that ran on this port are still in FIN_WAIT_2 and TIME_WAIT (ss -tan 'sport ="
                        + " :8765'); wait until "
                        + "they end (about a minute) or start the server with --reuse-address (SO_REUSEADDR)");
    }

    @Test
    void connectionsInTimeWaitDespiteTheFlagMeanTheOldServerDidNotSetIt() {
        String advice =
                BindFailure.advice(8765, ANY, true, List.of(socket(TcpState.FIN_WAIT_2, "127.0.0.1", 8765)), PROGRAM);

        assertThat(advice)
                .isEqualTo("cannot listen on port 8765: Address already in use although --reuse-address "
                        + "was given: a connection of a server that ran on this port is still in FIN_WAIT_2 (ss -tan "
                        + "'sport = :8765'), and that server did not set SO_REUSEADDR (Linux shares the port"
                        + " only when the "
                        + "old socket set it too); wait until it ends (about a minute), or choose another port");
    }

    @Test
    void nothingLeftOnThePortSaysSoInsteadOfGuessing() {
        String advice =
                BindFailure.advice(8765, ANY, false, List.of(socket(TcpState.TIME_WAIT, "127.0.0.1", 8766)), PROGRAM);

        assertThat(advice)
                .startsWith("cannot listen on port 8765: Address already in use, though no connection on it "
                        + "is left now")
                .endsWith("try again, or choose another port");
    }

    @Test
    void aListenerOnAnotherSpecificAddressDoesNotConflictWithTheBindAddress() throws Exception {
        Optional<InetAddress> bind = Optional.of(InetAddress.getByName("10.0.0.1"));
        List<TcpConnection> sockets =
                List.of(socket(TcpState.LISTEN, "127.0.0.1", 8765), socket(TcpState.TIME_WAIT, "10.0.0.1", 8765));

        assertThat(BindFailure.advice(8765, bind, false, sockets, PROGRAM))
                .startsWith("cannot listen on 10.0.0.1 port 8765: "
                        + "Address already in use: a connection of a server that ran on this port is"
                        + " still in TIME_WAIT");
    }

    @Test
    void anIpv6ListenerIsNamedInBrackets() {
        assertThat(BindFailure.advice(8765, ANY, false, List.of(socket(TcpState.LISTEN, "::1", 8765)), PROGRAM))
                .contains("another server listens on [::1]:8765");
    }

    @Test
    void aRealListenerOnThePortIsFoundInProcAndNamed() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            assertThatThrownBy(() -> bind(port, false))
                    .as("a second bind to port %d", port)
                    .isInstanceOf(BindException.class);

            assertThat(BindFailure.advice(port, ANY, false, BindFailure.socketsOnPort(port), PROGRAM))
                    .contains("another server listens on 127.0.0.1:" + port);
        }
    }

    /**
     * The kernel fact behind the third advice: the earlier listener left SO_REUSEADDR off, its accepted connection
     * closed first and sits in TIME_WAIT; a new socket with SO_REUSEADDR still cannot bind.
     */
    @Test
    void aRealTimeWaitOfAServerWithoutSoReuseaddrBlocksEvenAReusingBind() throws IOException {
        int port;
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
                listener.accept().close();
                assertThat(client.read(ByteBuffer.allocate(1)))
                        .as("the client reads the server's FIN")
                        .isEqualTo(-1);
            }
        }
        int closedPort = port;
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        BindFailure.socketsOnPort(closedPort).stream().anyMatch(s -> s.state() == TcpState.TIME_WAIT));
        assertThatThrownBy(() -> bind(closedPort, true))
                .as("a bind with SO_REUSEADDR to port %d", closedPort)
                .isInstanceOf(BindException.class);

        assertThat(BindFailure.advice(port, ANY, true, BindFailure.socketsOnPort(port), PROGRAM))
                .contains("although --reuse-address was given")
                .contains("is still in TIME_WAIT")
                .contains("that server did not set SO_REUSEADDR");
    }

    private static void bind(int port, boolean reuse) throws IOException {
        try (ServerSocketChannel second = ServerSocketChannel.open()) {
            second.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
            second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void withoutSwitchesTheAdviceNamesTheSocketOptionNotAFlag() {
        List<TcpConnection> lingering = List.of(socket(TcpState.TIME_WAIT, "127.0.0.1", 8765));
        assertThat(BindFailure.advice(8765, ANY, false, lingering, Switches.NONE))
                .endsWith("or set SO_REUSEADDR on the listening socket before bind()")
                .doesNotContain("--");
        assertThat(BindFailure.advice(8765, ANY, true, lingering, Switches.NONE))
                .contains(" although SO_REUSEADDR is set: ")
                .doesNotContain("--");
    }
}
