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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
        ClientSocketConfig config = ClientSocketConfig.of(
                List.of(options).stream().map(OptionAssignment::parse).toList());
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
        SocketConfigurer.apply(config.connecting(), client);
        client.connect(listener.getLocalAddress());
        return client;
    }

    /** The MSS a side sends with for a given MSS option: less the 12-byte timestamp option when both use it. */
    private static int dataPerSegment(int mss) throws IOException {
        boolean timestamps = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_timestamps"))
                .get(0)
                .trim()
                .equals("1");
        return timestamps ? mss - 12 : mss;
    }

    @Test
    void tcpMaxseg88BeforeConnectLimitsTheSegmentSize() throws IOException {
        int expected = dataPerSegment(88);
        try (SocketChannel client = connect("TCP_MAXSEG=88");
                SocketChannel accepted = listener.accept()) {
            Map<SockOpt, String> effective =
                    SocketConfigurer.readBack(client, SocketConfigurer.optionsOf(SocketRole.CONNECTING), 0);
            int maxseg = Integer.parseInt(effective.get(SockOpt.TCP_MAXSEG));
            assertThat(maxseg)
                    .as("TCP_MAXSEG read back after connect: 88 less timestamps")
                    .isEqualTo(expected);
            TcpInfo info = NativeSockets.tcpInfo(client);
            assertThat(info.state()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(info.sndMss())
                    .as("tcpi_snd_mss, equal to TCP_MAXSEG read back; TCP_INFO was " + info)
                    .isEqualTo(maxseg);
            // Nothing received yet: the kernel's first guess, at most 536 and at least TCP_MIN_MSS (88).
            assertThat(info.rcvMss())
                    .as("tcpi_rcv_mss before any data; TCP_INFO was " + info)
                    .isEqualTo(88);
            // The server learned the client's MSS from the SYN: it sends no segment above 88 bytes either.
            TcpInfo server = NativeSockets.tcpInfo(accepted);
            assertThat(server.sndMss())
                    .as("the accepted socket's tcpi_snd_mss; TCP_INFO was " + server)
                    .isEqualTo(expected);
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
                    .as("the JDK's own default on Linux, which the lab's C server does not have")
                    .isTrue();
        }
    }

    @Test
    void soLinger0MakesCloseAbortiveAndThePeersReadFailsWithAReset() throws IOException {
        SocketChannel client = connect("SO_LINGER=0");
        try (SocketChannel accepted = listener.accept()) {
            client.close();
            assertThatThrownBy(() -> accepted.read(ByteBuffer.allocate(16)))
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aNonBlockingWriteWithATinySndbufTakesOnlyPartOfTheBufferAndThePeerGetsExactlyThatPart() throws IOException {
        byte[] sent = new byte[1 << 20];
        new SplittableRandom(16).nextBytes(sent);
        try (SocketChannel client = connect("SO_SNDBUF=1");
                SocketChannel accepted = listener.accept()) {
            client.configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap(sent);
            int written = client.write(out);
            // The kernel raises SO_SNDBUF 1 to its minimum; the peer, not reading, holds at most its receive window.
            assertThat(written)
                    .as("bytes a non-blocking write of 1 MiB took")
                    .isPositive()
                    .isLessThan(sent.length);
            ByteBuffer in = ByteBuffer.allocate(written);
            while (in.hasRemaining() && accepted.read(in) >= 0) {
                // every byte the write reported, and no more to come
            }
            assertThat(in.array())
                    .as("the peer's bytes against the first " + written + " sent")
                    .isEqualTo(Arrays.copyOf(sent, written));
        }
    }

    @Test
    void nodelayAndBufferSizesReadBack() throws IOException {
        try (SocketChannel client = connect("TCP_NODELAY=true", "SO_SNDBUF=65536", "SO_RCVBUF=65536", "IP_TOS=16");
                SocketChannel accepted = listener.accept()) {
            assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
            Map<SockOpt, String> effective =
                    SocketConfigurer.readBack(client, SocketConfigurer.optionsOf(SocketRole.CONNECTING), 0);
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
        SocketConfigurer.apply(
                ServerSocketConfig.builder()
                        .option(SockOpt.TCP_MAXSEG, 100)
                        .build()
                        .listening(),
                listener);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
        try (SocketChannel client = connect();
                SocketChannel accepted = listener.accept()) {
            assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
            // The server announced MSS 100 in its SYN-ACK, so the client sends at most 100 bytes per segment.
            TcpInfo info = NativeSockets.tcpInfo(client);
            assertThat(info.sndMss()).as("tcpi_snd_mss; TCP_INFO was " + info).isEqualTo(dataPerSegment(100));
        }
    }

    @Test
    void theOptionTableShowsTheServersOwnSoReuseaddrDefaultBesideTheJdks() {
        List<String> lines = OptionTable.lines(
                SockOpt.Side.SERVER, ServerSocketConfig.defaults().listening().values());
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("SO_REUSEADDR").contains("false (JDK: true)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("TCP_MAXSEG").contains("listening"));
        assertThat(OptionTable.lines(SockOpt.Side.CLIENT, Map.of()))
                .noneMatch(l -> l.startsWith("SO_REUSEADDR"))
                .hasSize(SockOpt.values().length - 1);
    }
}
