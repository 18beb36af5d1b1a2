package org.socketlab.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Options applied to real sockets on loopback and read back from the kernel. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketOptionsOnLoopbackIT {
    private ServerSocketChannel listener;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        SocketConfigurer.apply(ServerSocketConfig.defaults().listening(), listener);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private SocketChannel connect(String... options) throws IOException {
        ClientSocketConfig config = ClientSocketConfig.of(List.of(options).stream().map(OptionAssignment::parse).toList());
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
        SocketConfigurer.apply(config.connecting(), client);
        client.connect(listener.getLocalAddress());
        return client;
    }

    @Test
    void tcpMaxseg88BeforeConnectLimitsTheSegmentSize() throws IOException {
        try (SocketChannel client = connect("TCP_MAXSEG=88"); SocketChannel accepted = listener.accept()) {
            Map<SockOpt, String> effective = SocketConfigurer.readBack(client, SocketConfigurer.optionsOf(Target.CONNECTING), 0);
            assertThat(Integer.parseInt(effective.get(SockOpt.TCP_MAXSEG))).isBetween(1, 88);
            TcpInfo info = NativeSockets.tcpInfo(client);
            assertThat(info.state()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(info.sndMss()).isBetween(1, 88);
            // The server learned the client's MSS from the SYN: it sends no segment above 88 bytes either.
            assertThat(NativeSockets.tcpInfo(accepted).sndMss()).isBetween(1, 88);
        }
    }

    @Test
    void tcpMaxseg87IsRefusedByTheKernelWithEinval() throws IOException {
        assertThatThrownBy(() -> connect("TCP_MAXSEG=87"))
                .isInstanceOfSatisfying(SocketOptionException.class, e -> {
                    assertThat(e.errno()).isEqualTo(22);
                    assertThat(e.option()).isEqualTo(SockOpt.TCP_MAXSEG);
                })
                .hasMessageStartingWith("TCP_MAXSEG=87 refused by the kernel: setsockopt failed with EINVAL")
                .hasMessageContaining("Linux accepts 88..32767");
    }

    @Test
    void soReuseaddrReadsBackFalseOnTheListenerAlthoughTheJdkDefaultIsTrue() throws IOException {
        assertThat(listener.getOption(StandardSocketOptions.SO_REUSEADDR)).isFalse();
        try (ServerSocketChannel plain = ServerSocketChannel.open()) {
            assertThat(plain.getOption(StandardSocketOptions.SO_REUSEADDR))
                    .as("the JDK's own default on Linux, which the lab's C server does not have").isTrue();
        }
    }

    @Test
    void soLinger0MakesCloseAbortiveAndThePeersReadFailsWithAReset() throws IOException {
        SocketChannel client = connect("SO_LINGER=0");
        try (SocketChannel accepted = listener.accept()) {
            client.close();
            assertThatThrownBy(() -> accepted.read(ByteBuffer.allocate(16)))
                    .isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void nodelayAndBufferSizesReadBack() throws IOException {
        try (SocketChannel client = connect("TCP_NODELAY=true", "SO_SNDBUF=65536", "SO_RCVBUF=65536", "IP_TOS=16");
             SocketChannel ignored = listener.accept()) {
            Map<SockOpt, String> effective = SocketConfigurer.readBack(client, SocketConfigurer.optionsOf(Target.CONNECTING), 0);
            assertThat(effective.get(SockOpt.TCP_NODELAY)).isEqualTo("true");
            // Linux doubles buffer sizes for its bookkeeping (socket(7)).
            assertThat(Integer.parseInt(effective.get(SockOpt.SO_SNDBUF))).isEqualTo(131072);
            assertThat(Integer.parseInt(effective.get(SockOpt.SO_RCVBUF))).isEqualTo(131072);
            assertThat(effective.get(SockOpt.IP_TOS)).isEqualTo("16");
            assertThat(effective.get(SockOpt.SO_TIMEOUT)).isEqualTo("0");
        }
    }

    @Test
    void listeningOptionsAreInheritedByAcceptedSockets() throws IOException {
        listener.close();
        listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        SocketConfigurer.apply(ServerSocketConfig.builder().option(SockOpt.TCP_MAXSEG, 100).build().listening(), listener);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
        try (SocketChannel client = connect(); SocketChannel ignored = listener.accept()) {
            // The server announced MSS 100 in its SYN-ACK, so the client sends at most 100 bytes per segment.
            assertThat(NativeSockets.tcpInfo(client).sndMss()).isBetween(1, 100);
        }
    }

    @Test
    void theOptionTableShowsTheServersOwnSoReuseaddrDefaultBesideTheJdks() {
        List<String> lines = OptionTable.lines(SockOpt.Side.SERVER, ServerSocketConfig.defaults().listening().values());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("SO_REUSEADDR").contains("false (JDK: true)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("TCP_MAXSEG").contains("listening"));
        assertThat(OptionTable.lines(SockOpt.Side.CLIENT, Map.of())).noneMatch(l -> l.startsWith("SO_REUSEADDR"))
                .hasSize(SockOpt.values().length - 1);
    }
}
