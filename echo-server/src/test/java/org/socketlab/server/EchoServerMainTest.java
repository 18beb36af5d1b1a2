package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.server.cli.DefaultPort;

/** The command line: every mistake is one line on stderr and a non-zero exit, never a stack trace. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoServerMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EchoServerMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).as("exactly one line on stderr: " + text).hasSize(1);
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        return text.strip();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "abc|bad port 'abc': a port is a number from 1 to 65535",
                "-1|bad port '-1'",
                "65536|bad port '65536'",
                "\"\"|bad port ''",
                "8080 8081|unexpected argument '8081': echo-server takes [options] [PORT]",
                "--backlog 0 8080|bad value '0' for --backlog",
                "--backlog x 8080|bad value 'x' for --backlog",
                "--frobnicate 8080|Unknown option: '--frobnicate'",
                "-o TCP_MSS=88 8080|unknown socket option 'TCP_MSS'; valid options: SO_REUSEADDR",
                "-o TCP_MAXSEG 8080|malformed socket option 'TCP_MAXSEG': expected NAME=VALUE",
                "-o IP_TOS=300 8080|bad value '300' for IP_TOS: allowed values are an integer from 0 to 255",
                "-o SO_LINGER=0 -o SO_LINGER=5 8080|SO_LINGER given twice with different values (0 and 5)",
                "--reuse-address -o SO_REUSEADDR=false 8080|SO_REUSEADDR given twice with different values",
                "--fault sometimes 8080|unknown fault 'sometimes': the faults are none and no-close",
                "--idle-timeout soon 8080|bad duration 'soon' for --idle-timeout",
                "--bind nosuchhost.invalid 8080|unknown --bind address 'nosuchhost.invalid'",
                "-o|Missing required parameter for option '--option'",
                "--udp --backlog 5 8080|--backlog cannot be used with --udp: a UDP socket has no listen(), accept() or",
                "--udp --fault no-close 8080|--fault cannot be used with --udp",
                "--inetd --udp|--inetd cannot be used with --udp, --fault or --buffer",
                "--udp --idle-timeout 5s 8080|--idle-timeout cannot be used with --udp",
                "--udp --max-connections 3 8080|--max-connections cannot be used with --udp",
                "--udp --backlog 5 --max-connections 3 8080|--backlog, --max-connections cannot be used with --udp",
                "--udp -o TCP_NODELAY=true 8080|TCP_NODELAY is a TCP option: it means nothing on a UDP socket"
                        + " (--udp takes"
                        + " SO_RCVBUF, SO_SNDBUF, SO_REUSEADDR and IP_TOS)",
                "--udp -o SO_KEEPALIVE=true 8080|SO_KEEPALIVE is a TCP option",
                "--udp -o TCP_MAXSEG=88 8080|TCP_MAXSEG is a TCP option",
                "--buffer 10 8080|--buffer applies to --udp only: over TCP a smaller buffer cuts nothing",
                "--udp --buffer 0 8080|bad value '0' for --buffer",
                "--udp --buffer x 8080|bad value 'x' for --buffer",
                "--udp --buffer 65528 8080|bad --buffer 65528: expected 1 to 65527 bytes (the largest UDP datagram)",
            })
    void aBadCommandLineIsOneLineAndExitStatus2(String args, String expected) {
        String[] argv = args.isEmpty() ? new String[] {""} : args.split(" ");
        assertThat(run(argv)).isEqualTo(2);
        assertThat(errLine()).startsWith("echo-server: ").contains(expected);
        assertThat(out.size()).isZero();
    }

    @Test
    void aPortWhereAnotherServerListensSaysSoReuseaddrCannotHelp() throws IOException {
        try (ServerSocketChannel occupant = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            occupant.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            occupant.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) occupant.getLocalAddress()).getPort();
            assertThat(run(String.valueOf(port))).isEqualTo(1);
            assertThat(errLine())
                    .isEqualTo("echo-server: cannot listen on port " + port
                            + ": Address already in use: another server listens on 127.0.0.1:" + port
                            + " (ss -ltnp 'sport = :"
                            + port
                            + "' names it) and SO_REUSEADDR never shares a listening port; stop that server or choose"
                            + " another port");
        }
    }

    @Test
    void aUdpPortAnotherSocketHoldsIsOneLineNamingUdp() throws IOException {
        try (DatagramChannel occupant = DatagramChannel.open(StandardProtocolFamily.INET)) {
            occupant.bind(new InetSocketAddress(0));
            int port = ((InetSocketAddress) occupant.getLocalAddress()).getPort();
            assertThat(run("--udp", String.valueOf(port))).isEqualTo(1);
            assertThat(errLine())
                    .isEqualTo("echo-server: cannot listen on port " + port + ": Address already in use:"
                            + " another socket is bound to UDP port " + port + " (ss -ulnp 'sport = :" + port
                            + "' names it);"
                            + " stop that program or choose another port");
        }
    }

    @Test
    void aBindAddressOfAnotherMachineIsOneLine() {
        assertThat(run("--bind", "192.0.2.1", "8080")).isEqualTo(1);
        assertThat(errLine())
                .isEqualTo("echo-server: cannot listen on 192.0.2.1 port 8080: Cannot assign requested"
                        + " address: --bind must be an address of this machine");
    }

    @Test
    void aKernelRefusalOfAnOptionNamesTheErrno() {
        assertThat(run("-o", "TCP_MAXSEG=87", "--bind", "127.0.0.1", "1")).isEqualTo(1);
        assertThat(errLine())
                .startsWith("echo-server: TCP_MAXSEG=87 refused by the kernel: setsockopt failed with EINVAL");
    }

    @Test
    void helpAndTheOptionListGoToStdoutWithStatus0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--reuse-address")
                .contains("--fault")
                .contains("PORT");
        out.reset();
        assertThat(run("--list-options")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("SO_REUSEADDR")
                .contains("false (JDK: true)")
                .contains("TCP_MAXSEG");
        assertThat(err.size()).isZero();
    }

    @Test
    void theDefaultPortFollowsTheLabsConvention() {
        DefaultPort port = DefaultPort.forThisMachine();
        byte[] octets = port.address().getAddress();
        assertThat(port.port()).isEqualTo(8000 + Byte.toUnsignedInt(octets[3]));
        assertThat(port.note())
                .startsWith("no PORT given: 8000 + the last octet of "
                        + port.address().getHostAddress());
    }
}
