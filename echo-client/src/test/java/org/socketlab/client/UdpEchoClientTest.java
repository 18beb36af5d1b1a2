package org.socketlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code echo-client --udp}: against socat as a third-party UDP echo, a socket that never answers, and no socket. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpEchoClientTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(byte[] stdin, String... args) {
        return EchoClientMain.run(
                args, new ByteArrayInputStream(stdin), out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String lastErrLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }

    /** A bound datagram socket on loopback that receives and never answers. */
    private static DatagramChannel silent() throws IOException {
        DatagramChannel channel =
                DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        return channel;
    }

    private static int port(DatagramChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private static List<String> datagramsIn(DatagramChannel channel) throws IOException {
        List<String> datagrams = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(70_000);
        while (channel.receive(buffer.clear()) != null) {
            datagrams.add(StandardCharsets.ISO_8859_1.decode(buffer.flip()).toString());
        }
        return datagrams;
    }

    @Test
    void linesComeBackFromSocatAsAThirdPartyUdpEcho() throws Exception {
        assumeTrue(
                Stream.of(System.getenv("PATH").split(File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "socat"))),
                "socat is not installed");
        byte[] input = ("hello\n" + "x".repeat(3000) + "\nlast").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; ; attempt++) {
            // socat cannot report a port the kernel chose: a random one below the ephemeral range, again if taken.
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            Process socat = new ProcessBuilder("socat", "UDP-RECVFROM:" + port + ",bind=127.0.0.1,fork", "EXEC:cat")
                    .redirectErrorStream(true)
                    .start();
            try {
                String hex = String.format(Locale.ROOT, ":%04X ", port);
                Awaitility.await("socat bound to UDP port " + port)
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> !socat.isAlive()
                                || Files.readAllLines(Path.of("/proc/net/udp")).stream()
                                        .anyMatch(line -> line.contains(hex)));
                if (!socat.isAlive() && attempt < 3) {
                    continue;
                }
                assertThat(run(input, "--udp", "127.0.0.1", String.valueOf(port)))
                        .as(err.toString())
                        .isZero();
                assertThat(out.toByteArray()).isEqualTo(input);
                assertThat(err.toString(StandardCharsets.UTF_8))
                        .startsWith(
                                "client: sending datagrams to 127.0.0.1 " + "port " + port + " from 127.0.0.1 port ");
                return;
            } finally {
                socat.destroy();
                socat.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void noEchoIsRetriedABoundedNumberOfTimesThenSaidInOneLine() throws Exception {
        try (DatagramChannel server = silent()) {
            long start = System.nanoTime();
            assertThat(run(
                            "ping\n".getBytes(StandardCharsets.US_ASCII),
                            "--udp",
                            "--timeout",
                            "200ms",
                            "--tries",
                            "2",
                            "127.0.0.1",
                            String.valueOf(port(server))))
                    .isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
            assertThat(lastErrLine())
                    .isEqualTo("echo-client: no echo within 200 ms after 2 tries: the datagram or its "
                            + "echo was lost, or nothing listens (UDP has no connection to report it)");
            assertThat(datagramsIn(server))
                    .as("the datagrams that reached the server")
                    .containsExactly("ping\n", "ping\n");
            assertThat(out.size()).isZero();
        }
    }

    @Test
    void aPortWhereNothingListensDrawsAnIcmpPortUnreachable() throws Exception {
        int port;
        try (DatagramChannel closed = silent()) {
            port = port(closed);
        }
        assertThat(run("ping\n".getBytes(StandardCharsets.US_ASCII), "--udp", "127.0.0.1", String.valueOf(port)))
                .isEqualTo(1);
        assertThat(lastErrLine())
                .isEqualTo("echo-client: Connection refused: ICMP port unreachable from 127.0.0.1: "
                        + "nothing listens on UDP port " + port + " there");
    }

    @Test
    void aLineLongerThanTheLargestDatagramIsRefusedBeforeSending() throws Exception {
        byte[] input = new byte[UdpEchoClient.MAX_DATAGRAM_IPV4 + 1];
        Arrays.fill(input, (byte) 'y');
        try (DatagramChannel server = silent()) {
            assertThat(run(input, "--udp", "127.0.0.1", String.valueOf(port(server))))
                    .isEqualTo(1);
            assertThat(lastErrLine())
                    .isEqualTo("echo-client: line 1 is longer than the largest UDP datagram over IPv4 "
                            + "(65,507 bytes); nothing of it was sent: split it into shorter lines");
            assertThat(datagramsIn(server)).isEmpty();
        }
    }

    @Test
    void tcpOptionsAndUdpOptionsWithoutUdpAreBadCommandLines() {
        assertThat(run(new byte[0], "--udp", "-o", "TCP_MAXSEG=100", "127.0.0.1", "7"))
                .isEqualTo(2);
        assertThat(lastErrLine())
                .isEqualTo("echo-client: TCP_MAXSEG is a TCP option: it means nothing on a UDP socket "
                        + "(--udp takes SO_RCVBUF, SO_SNDBUF, IP_TOS)");
        err.reset();
        assertThat(run(new byte[0], "--tries", "5", "127.0.0.1", "7")).isEqualTo(2);
        assertThat(lastErrLine()).startsWith("echo-client: --timeout and --tries apply to --udp only");
        err.reset();
        assertThat(run(new byte[0], "--udp", "--tries", "0", "127.0.0.1", "7")).isEqualTo(2);
        assertThat(lastErrLine()).isEqualTo("echo-client: bad --tries '0': give a number from 1 to 100");
    }
}
