package org.socketlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.echo.EchoHandler;

/** The client's command line: one line on stderr and a non-zero exit for every mistake, never a stack trace. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoClientMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return run(stdin, out, args);
    }

    private int run(String stdin, OutputStream stdout, String... args) {
        return EchoClientMain.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)),
                stdout,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String lastErrLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }

    /** A port with nothing listening: bound, never listening, so that connect is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "localhost|usage: echo-client [options] HOST PORT",
                "localhost 80 90|usage: echo-client [options] HOST PORT",
                "localhost:28790|HOST and PORT are two arguments: echo-client [options] localhost 28790",
                "-o TCP_MAXSEG=abc localhost 8080|bad value 'abc' for TCP_MAXSEG: allowed values are an integer from"
                        + " 88 to 32767 or 0",
                "localhost abc|bad port 'abc'",
                "localhost -1|bad port '-1'",
                "localhost 0|bad port '0'",
                "localhost 65536|bad port '65536'",
                "\"\" 8080|empty HOST",
                "[] 8080|empty HOST",
                "-o SO_REUSEADDR=1 localhost 8080|SO_REUSEADDR means nothing on the client",
                "-o NOPE=1 localhost 8080|unknown socket option 'NOPE'",
                "-o =1 localhost 8080|malformed socket option '=1'",
                "-o SO_LINGER=-5 localhost 8080|bad value '-5' for SO_LINGER",
                "-o TCP_MAXSEG=88 -o TCP_MAXSEG=100 localhost 8080|TCP_MAXSEG given twice with different values"
                        + " (88 and 100)",
                "--bogus localhost 8080|Unknown option: '--bogus'",
            })
    void aBadCommandLineIsOneLineAndExitStatus2(String args, String expected) {
        String[] argv = args.split(" ");
        if (argv[0].equals("\"\"")) {
            argv[0] = "";
        }
        assertThat(run("", argv)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        assertThat(lastErrLine()).startsWith("echo-client: ").contains(expected);
    }

    @Test
    void pipedLinesComeBackAndTheClientExits0() throws Exception {
        try (TestServer server = TestServer.echo()) {
            assertThat(run("a\nb\n", "localhost", String.valueOf(server.port())))
                    .isZero();
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("a\nb\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("client: connecting to ");
        }
    }

    @Test
    void ipv6LoopbackAgainstAnIpv4OnlyServerSaysSoAndNamesBindColonColon() throws Exception {
        try (ServerSocketChannel ipv4Only = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            ipv4Only.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            int port = ((InetSocketAddress) ipv4Only.getLocalAddress()).getPort();
            for (String host : new String[] {"::1", "[::1]"}) {
                assertThat(run("", host, String.valueOf(port))).isEqualTo(1);
                assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("client: connecting to ::1 port " + port);
                assertThat(lastErrLine())
                        .isEqualTo("echo-client: cannot connect to ::1 port " + port
                                + ": Connection refused: no server listens on that port over IPv6; a server"
                                + " listening on IPv4 "
                                + "only (the default, 0.0.0.0) cannot be reached at an IPv6 address: start it"
                                + " with --bind :: "
                                + "to listen on both, or connect to its IPv4 address");
                err.reset();
            }
        }
    }

    @Test
    void ipv6AddressesArePrintedCompressed() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            listener.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel client = listener.accept()) {
                    new EchoHandler().serve(client, client);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(run("x\n", "0:0:0:0:0:0:0:1", String.valueOf(port))).isZero();
            served.get(10, TimeUnit.SECONDS);
            List<String> status = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(status).hasSize(2).first().isEqualTo("client: connecting to ::1 port " + port);
            assertThat(status.get(1)).matches("client: connected from ::1 port \\d+");
        }
    }

    @Test
    void aConnectTimeoutEndsASynThatIsNeverAnsweredInOneLine() throws Exception {
        // listen(1) queues backlog + 1 = 2 connections; the kernel drops the SYNs of a third without an answer.
        try (ServerSocketChannel full = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            List<SocketChannel> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    queued.add(SocketChannel.open(full.getLocalAddress()));
                }
                int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
                long start = System.nanoTime();
                assertThat(run("", "--connect-timeout", "500ms", "127.0.0.1", String.valueOf(port)))
                        .isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("time until the client gave up")
                        .isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
                assertThat(lastErrLine())
                        .isEqualTo("echo-client: cannot connect to 127.0.0.1 port " + port
                                + ": no answer to the SYN within 500 ms (--connect-timeout); a firewall may"
                                + " drop it or the "
                                + "host is down");
            } finally {
                for (SocketChannel channel : queued) {
                    channel.close();
                }
            }
        }
    }

    @Test
    void theKernelsOwnConnectTimeoutIsWordedLikewise() {
        assertThat(EchoClientMain.explainConnect(
                        new ConnectException("Connection timed out"), "10.0.0.1", 8765, Optional.empty()))
                .isEqualTo("no answer to the SYN after the kernel's retransmissions (tcp_syn_retries,"
                        + " about 2 min 12 s on Linux 6.x) (ETIMEDOUT); a firewall may drop it, the host is down, or "
                        + "the server's accept queue is full (use --connect-timeout to wait less)");
    }

    @Test
    void aDeadPeerIsNamedByTheTimerThatFoundIt() {
        assertThat(EchoClientMain.DeadPeer.explain(false, 0))
                .isEqualTo("connection lost: the peer stopped answering keep-alive probes (ETIMEDOUT)");
        assertThat(EchoClientMain.DeadPeer.explain(true, 5000))
                .isEqualTo("connection lost: sent data stayed "
                        + "unacknowledged longer than the user timeout (TCP_USER_TIMEOUT=5000 ms) (ETIMEDOUT)");
        assertThat(EchoClientMain.DeadPeer.explain(true, 0))
                .isEqualTo("connection lost: sent data stayed "
                        + "unacknowledged through all the kernel's retransmissions (tcp_retries2, about"
                        + " 15 min) (ETIMEDOUT)");
    }

    @Test
    void anEchoThatDiffersExitsWithStatus1AndSaysWhere() throws Exception {
        try (TestServer server = TestServer.greeting("hello\ngoodbye!\n\n")) {
            assertThat(run("hi\n", "127.0.0.1", String.valueOf(server.port()))).isEqualTo(1);
            assertThat(lastErrLine())
                    .matches("echo-client: the echo differs from what was sent at byte [01]: sent "
                            + "(nothing|'i' \\(0x69\\)), received '[he]' \\(0x6[58]\\); 127\\.0\\.0\\.1 port"
                            + " \\d+ is not an "
                            + "echo server");
        }
    }

    @Test
    void versionAndSynopsis() {
        assertThat(run("", "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("echo-client 1.0.0")
                .contains("Java ");
        out.reset();
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: echo-client [options] HOST PORT\n")
                .doesNotContain("PORT...");
    }

    @Test
    void connectionRefusedIsOneLineAndExitStatus1() throws Exception {
        int port = closedPort();
        assertThat(run("x\n", "127.0.0.1", String.valueOf(port))).isEqualTo(1);
        assertThat(lastErrLine()).contains("cannot connect to 127.0.0.1 port " + port + ": Connection refused");
    }

    @Test
    void anUnknownHostIsOneLineAndExitStatus1() {
        assertThat(run("x\n", "no-such-host.invalid", "8080")).isEqualTo(1);
        assertThat(lastErrLine())
                .isEqualTo("echo-client: unknown host 'no-such-host.invalid': check the name, or give an IP address");
    }

    @Test
    void tcpMaxseg87IsTheKernelsEinvalInOneLine() throws Exception {
        try (TestServer server = TestServer.echo()) {
            assertThat(run("x\n", "-o", "TCP_MAXSEG=87", "127.0.0.1", String.valueOf(server.port())))
                    .isEqualTo(1);
            assertThat(lastErrLine())
                    .startsWith("echo-client: TCP_MAXSEG=87 refused by the kernel: setsockopt failed with EINVAL"
                            + " (Invalid argument);"
                            + " Linux accepts 88..32767");
        }
    }

    @Test
    void anIncompleteEchoIsOneLineAndExitStatus1() throws Exception {
        try (TestServer server = TestServer.echoThenClose(3, 7)) {
            assertThat(run("abcdef\n", "127.0.0.1", String.valueOf(server.port())))
                    .isEqualTo(1);
            assertThat(lastErrLine())
                    .isEqualTo("echo-client: the server closed the connection after echoing 3 of 7 "
                            + "bytes; the echo is incomplete");
        }
    }

    @Test
    void aClosedStdoutStopsTheClientWithOneLine() throws Exception {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        try (TestServer server = TestServer.echo()) {
            assertThat(run("a\nb\n", closed, "127.0.0.1", String.valueOf(server.port())))
                    .isEqualTo(1);
            assertThat(lastErrLine()).isEqualTo("echo-client: standard output closed (Broken pipe); stopping");
        }
    }

    @Test
    void tcpInfoIsPrintedAfterConnectAndAtExit() throws Exception {
        try (TestServer server = TestServer.echo()) {
            assertThat(run("hi\n", "--tcp-info", "-o", "TCP_MAXSEG=88", "127.0.0.1", String.valueOf(server.port())))
                    .isZero();
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .containsPattern("client: effective options after connect: .*TCP_MAXSEG=(7\\d|8[0-8]) ")
                    .containsPattern("client: TCP_INFO after connect: state ESTABLISHED snd_mss (7\\d|8[0-8]) ")
                    .containsPattern("client: TCP_INFO at exit: state CLOSED snd_mss (7\\d|8[0-8]) ")
                    .doesNotContain("effective options at exit");
        }
    }
}
