package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.lab.fixture.TwoHosts;

/**
 * The handout: "Sequential servers are the simplest type of servers. They are generally used in services offered
 * via UDP (with sockets of type SOCK_DGRAM)". The UDP echo server ({@code echo-server.jar --udp}) has one socket
 * and no connections: it receives a datagram, sends it back to whoever sent it, and receives the next. What the
 * wire and the programs show of that, beside what TCP showed in the earlier activities.
 */
@LabExperiment
class UdpEchoIT {

    /** A UDP echo server started on port 0, and the port it names on its waiting line. */
    private record UdpServer(LabProcess process, int port) {}

    private static UdpServer udpServer(Lab lab, Host host, String... options) {
        String[] args = Arrays.copyOf(options, options.length + 2);
        args[options.length] = "--udp";
        args[options.length + 1] = "0";
        LabProcess server = lab.server(host, args);
        int port = Integer.parseInt(server.awaitLine("^Waiting for datagrams at port (\\d+) \\(pid \\d+\\)$", WAIT)
                .group(1));
        return new UdpServer(server, port);
    }

    /** The client's local port, from its "client: sending datagrams to ... from ADDRESS port N" line. */
    private static int localPort(LabProcess client) {
        return Integer.parseInt(client.awaitErrLine("^client: sending datagrams to .* from \\S+ port (\\d+)$", WAIT)
                .group(1));
    }

    /**
     * The server's datagram lines, once there are at least {@code count}: it prints each just after its sendto(), so
     * a client may hold the echo before the line is out.
     */
    private static List<String> datagramLines(UdpServer server, int count) {
        try {
            return await("the server's datagram lines")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(
                            () -> server.process().stdoutLines().stream()
                                    .filter(l -> l.startsWith("Datagram "))
                                    .toList(),
                            l -> l.size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("fewer than " + count + " datagram lines from the server within " + WAIT + ": "
                    + server.process().stdoutLines());
        }
    }

    private static String datagramLine(int clientPort, int bytes) {
        return "Datagram from 127.0.0.1 remote port " + clientPort + ": " + bytes + " bytes echoed";
    }

    /** A socket of the test itself, for what the echo client cannot do: send two datagrams without waiting. */
    private static DatagramChannel testSocket() throws IOException {
        DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.socket().setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static String receive(DatagramChannel socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[100], 100);
        socket.socket().receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    private static void send(DatagramChannel socket, int port, String text) throws IOException {
        socket.send(
                ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static int localPort(DatagramChannel socket) throws IOException {
        return ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    /**
     * A TCP client's first frame is a SYN and its last a FIN. A UDP client's are its datagrams: nothing comes before
     * the first (no handshake: the client's first send is the first packet) and nothing after the last (no FIN: the
     * client exits and the server never learns of it).
     */
    @Test
    void noHandshakeAndNoFinOnlyTheDatagrams(Lab lab) throws IOException {
        UdpServer server = udpServer(lab, Host.LOOPBACK);
        Capture wire = lab.capture("port " + server.port());
        LabProcess client =
                lab.shell("client", "printf 'hello\\nworld\\n' | $JAVA -jar $C --udp 127.0.0.1 " + server.port());
        assertThat(client.awaitExit(WAIT))
                .as("the client's exit status; stderr " + client.stderrLines())
                .isZero();
        assertThat(client.stdoutLines()).containsExactly("hello", "world");
        int clientPort = localPort(client);
        // A datagram of the test's, echoed after the client has exited: anything the client's exit sent is captured
        // before its echo.
        try (DatagramChannel marker = testSocket()) {
            send(marker, server.port(), "marker");
            assertThat(receive(marker)).isEqualTo("marker");
            int markerPort = localPort(marker);
            Datagram.awaitCount(wire, d -> d.between(server.port(), markerPort), 1, "the marker's echo", WAIT);
        }
        assertThat(Frame.parse(wire.toString().lines().toList()))
                .as("TCP segments on the port: no SYN, no FIN, nothing; captured:\n" + wire)
                .isEmpty();
        List<String> clientDatagrams =
                Datagram.captured(wire, d -> d.sourcePort() == clientPort || d.destinationPort() == clientPort).stream()
                        .map(d -> (d.sourcePort() == clientPort ? "to server " : "to client ") + d.length())
                        .toList();
        assertThat(clientDatagrams)
                .as("the client's datagrams, in order; captured:\n" + wire)
                .containsExactly("to server 6", "to client 6", "to server 6", "to client 6");
        assertThat(datagramLines(server, 3))
                .as("the server's lines: one per datagram")
                .startsWith(datagramLine(clientPort, 6), datagramLine(clientPort, 6));
        assertThat(server.process().stdoutLines())
                .as("no connection accepted or closed")
                .noneMatch(l -> l.startsWith("Incoming connection") || l.startsWith("Connection from"));
    }

    /**
     * Activity 5 over UDP: a second client while the first is still running. The TCP server served B only after A
     * left (B's connection waited in the accept queue). The UDP server has no accept queue and nothing to serve
     * until EOF: each datagram is one recvfrom() and one sendto(), so A's and B's datagrams are served interleaved.
     */
    @Test
    void twoClientsAreServedInterleavedNothingWaits(Lab lab) {
        UdpServer server = udpServer(lab, Host.LOOPBACK);
        String port = String.valueOf(server.port());
        LabProcess a = lab.client("client A", "--udp", "127.0.0.1", port);
        LabProcess b = lab.client("client B", "--udp", "127.0.0.1", port);
        int aPort = localPort(a);
        int bPort = localPort(b);
        Experiments.echo(a, "A1");
        Experiments.echo(b, "B1 while A still runs");
        Experiments.echo(a, "A2");
        assertThat(a.isAlive()).as("client A still running").isTrue();
        assertThat(datagramLines(server, 3))
                .as("the server's lines, in order")
                .containsExactly(datagramLine(aPort, 3), datagramLine(bPort, 22), datagramLine(aPort, 3));
        a.closeStdin();
        b.closeStdin();
        assertThat(a.awaitExit(WAIT)).isZero();
        assertThat(b.awaitExit(WAIT)).isZero();
    }

    /**
     * Two sends of 5 bytes while the server is stopped (SIGSTOP): both wait in its socket's receive queue. Over UDP
     * its two recvfrom() return them as two datagrams of 5, each echoed alone. Over TCP the same two writes are 10
     * bytes of one stream: the server's one read returns all 10, and its echo is one segment of 10.
     */
    @Test
    void twoSendsOfFiveBytesAreTwoDatagramsOfFiveWhereTcpMergesThem(Lab lab) throws IOException {
        UdpServer server = udpServer(lab, Host.LOOPBACK);
        Capture wire = lab.capture("udp port " + server.port());
        server.process().signal("STOP");
        try (DatagramChannel sender = testSocket()) {
            int senderPort = localPort(sender);
            send(sender, server.port(), "hello");
            send(sender, server.port(), "world");
            Datagram.awaitCount(wire, d -> d.between(senderPort, server.port()), 2, "the two datagrams sent", WAIT);
            server.process().signal("CONT");
            assertThat(List.of(receive(sender), receive(sender)))
                    .as("the echoes")
                    .containsExactly("hello", "world");
            List<Integer> echoes =
                    Datagram.awaitCount(wire, d -> d.between(server.port(), senderPort), 2, "the two echoes", WAIT)
                            .stream()
                            .map(Datagram::length)
                            .toList();
            assertThat(echoes).as("the echoes' lengths on the wire").containsExactly(5, 5);
            assertThat(datagramLines(server, 2))
                    .containsExactly(datagramLine(senderPort, 5), datagramLine(senderPort, 5));
        }

        int tcpPort = lab.freePort();
        LabProcess tcpServer = listeningServer(lab, tcpPort);
        Capture tcpWire = lab.capture("tcp port " + tcpPort);
        tcpServer.signal("STOP");
        try (SocketChannel client =
                SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort))) {
            int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            client.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.US_ASCII)));
            lab.kernel()
                    .awaitCount(
                            c -> c.local().getPort() == tcpPort
                                    && c.remote().getPort() == clientPort
                                    && c.receiveQueue() == 10,
                            1,
                            "both writes in the stopped server's receive queue",
                            WAIT);
            tcpServer.signal("CONT");
            client.socket().setSoTimeout((int) WAIT.toMillis());
            byte[] echo = client.socket().getInputStream().readNBytes(10);
            assertThat(new String(echo, StandardCharsets.US_ASCII))
                    .as("the echo")
                    .isEqualTo("helloworld");
            Frame echoed = tcpWire.awaitFrame(
                    f -> f.between(tcpPort, clientPort) && f.length() > 0, "the server's echo", WAIT);
            assertThat(echoed.length())
                    .as("the TCP echo: one segment of both writes; " + echoed.line())
                    .isEqualTo(10);
        }
    }

    /**
     * A datagram to a port where nothing listens: the kernel answers with ICMP port unreachable (TCP would answer
     * a SYN with RST). The echo client's socket is connected, so the kernel reports the ICMP to it as
     * ECONNREFUSED; an unconnected socket would not hear of it and would wait for its timeout.
     */
    @Test
    void aDatagramWhereNothingListensDrawsIcmpPortUnreachable(Lab lab) throws IOException {
        int port;
        try (DatagramChannel probe = testSocket()) {
            port = localPort(probe); // bound, then closed: nothing listens there now
        }
        Capture wire = lab.capture("udp port " + port + " or icmp");
        LabProcess client = lab.shell("client", "printf 'x\\n' | $JAVA -jar $C --udp 127.0.0.1 " + port);
        assertThat(client.awaitExit(WAIT)).as("the client's exit status").isEqualTo(1);
        assertThat(client.stderrLines())
                .contains("echo-client: Connection refused: ICMP port unreachable from"
                        + " 127.0.0.1: nothing listens on UDP port " + port + " there");
        int clientPort = localPort(client);
        Datagram.awaitCount(
                wire, d -> d.between(clientPort, port) && d.length() == 2, 1, "the client's datagram", WAIT);
        Datagram.awaitLines(
                wire,
                "IP 127\\.0\\.0\\.1 > 127\\.0\\.0\\.1: ICMP 127\\.0\\.0\\.1 udp port " + port + " unreachable",
                1,
                "the kernel's ICMP port unreachable",
                WAIT);
    }

    /**
     * A stopped server (SIGSTOP) echoes nothing: the client sends its datagram again after each timeout and gives
     * up after its tries with one line. Resumed, the server echoes every copy to a port that is closed by then; each
     * draws an ICMP port unreachable, which its unconnected socket is not told of, and it serves the next client.
     */
    @Test
    void aStoppedServerCostsTheClientItsTriesAndTheLateEchoesCostTheServerNothing(Lab lab) throws IOException {
        UdpServer server = udpServer(lab, Host.LOOPBACK);
        Capture wire = lab.capture("udp port " + server.port() + " or icmp");
        server.process().signal("STOP");
        LabProcess client = lab.shell(
                "client",
                "printf 'x\\n' | $JAVA -jar $C --udp --timeout 200ms --tries 3" + " 127.0.0.1 " + server.port());
        assertThat(client.awaitExit(WAIT)).as("the client's exit status").isEqualTo(1);
        assertThat(client.stderrLines())
                .contains("echo-client: no echo within 200 ms after 3 tries: the datagram or"
                        + " its echo was lost, or nothing listens (UDP has no connection to report it)");
        int clientPort = localPort(client);
        List<Datagram> copies = Datagram.awaitCount(
                wire, d -> d.between(clientPort, server.port()), 3, "the datagram's three copies", WAIT);
        assertThat(copies).as("copies sent; captured:\n" + wire).hasSize(3);
        server.process().signal("CONT");
        Datagram.awaitCount(wire, d -> d.between(server.port(), clientPort), 3, "the three late echoes", WAIT);
        Datagram.awaitLines(
                wire,
                "ICMP 127\\.0\\.0\\.1 udp port " + clientPort + " unreachable",
                3,
                "an ICMP port unreachable for each late echo",
                WAIT);
        try (DatagramChannel next = testSocket()) {
            send(next, server.port(), "next");
            assertThat(receive(next)).as("the next client's echo").isEqualTo("next");
        }
        assertThat(datagramLines(server, 4))
                .startsWith(datagramLine(clientPort, 2), datagramLine(clientPort, 2), datagramLine(clientPort, 2));
    }

    /**
     * Two hosts, and 20 % of the datagrams dropped each way ({@code nft ... numgen random mod 5 0 drop}; this kernel
     * has no netem). UDP does not retransmit: the client does. With 10 tries of 100 ms each, 30 lines all come back,
     * and the wire shows the datagrams sent again. With 1 try, a loss ends the client with its one line. Nothing
     * hangs: every wait is bounded.
     */
    @Test
    void aLossyLinkCostsRetriesOrAReportedLossNeverAHang(Lab lab) {
        Requirements.tools("nft");
        TwoHosts hosts = lab.twoHosts();
        UdpServer server = udpServer(lab, hosts.server());
        dropOneInFive(lab, hosts.server(), "udp dport " + server.port());
        dropOneInFive(lab, hosts.client(), "udp sport " + server.port());
        Capture wire = lab.capture(hosts.client(), "udp port " + server.port());
        List<String> lines = IntStream.rangeClosed(1, 30)
                .mapToObj(i -> String.format("line %02d", i))
                .toList();
        String input = String.join("\n", lines) + "\n";
        String address = hosts.server().address();
        String port = String.valueOf(server.port());

        LabProcess patient = lab.client(
                hosts.client(), "patient client", "--udp", "--timeout", "100ms", "--tries", "10", address, port);
        int patientPort = localPort(patient);
        patient.send(input).closeStdin();
        assertThat(patient.awaitExit(WAIT))
                .as("exit status; stderr " + patient.stderrLines())
                .isZero();
        assertThat(patient.stdoutLines()).as("every line echoed, in order").isEqualTo(lines);
        Datagram.awaitCount(
                wire,
                d -> d.between(patientPort, server.port()),
                31,
                "more than 30 datagrams sent for 30 lines: the client's retries",
                WAIT);

        LabProcess hasty = lab.client(
                hosts.client(), "hasty client", "--udp", "--timeout", "100ms", "--tries", "1", address, port);
        hasty.send(input).closeStdin();
        assertThat(hasty.awaitExit(WAIT))
                .as("exit status of the client with one try")
                .isEqualTo(1);
        assertThat(hasty.stderrLines())
                .contains("echo-client: no echo within 100 ms after 1 try: the datagram or its"
                        + " echo was lost, or nothing listens (UDP has no connection to report it)");
        assertThat(hasty.stdoutLines().size())
                .as("lines echoed before the loss")
                .isLessThan(30);
    }

    /** An nft rule inside a host's namespace that drops one datagram in five matching {@code match} on input. */
    private static void dropOneInFive(Lab lab, Host host, String match) {
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(List.of("nft", "-f", "-"));
        LabProcess nft = lab.start("nft", command);
        nft.send("table inet lossy { chain in { type filter hook input priority 0; " + match
                        + " numgen random mod 5 0 drop; }; }\n")
                .closeStdin();
        assertThat(nft.awaitExit(WAIT))
                .as("nft's exit status; stderr " + nft.stderrLines())
                .isZero();
    }

    /** RFC 862 over UDP with other programs as the clients: the bytes come back equal. */
    @Test
    void ncAndSocatAreClientsOfTheUdpServer(Lab lab) {
        Requirements.tools("nc", "socat");
        UdpServer server = udpServer(lab, Host.LOOPBACK);
        // nc -u waits 1 s (-w1) for the echo after its input ends; socat 0.5 s (-t).
        LabProcess nc = lab.shell("nc", "printf 'from nc\\n' | nc -u -w1 127.0.0.1 " + server.port());
        LabProcess socat = lab.shell("socat", "printf 'from socat\\n' | socat -t0.5 - UDP:127.0.0.1:" + server.port());
        assertThat(nc.awaitExit(WAIT)).isZero();
        assertThat(socat.awaitExit(WAIT)).isZero();
        assertThat(nc.stdoutLines()).containsExactly("from nc");
        assertThat(socat.stdoutLines()).containsExactly("from socat");
        assertThat(datagramLines(server, 2))
                .anyMatch(l -> l.endsWith(": 8 bytes echoed"))
                .anyMatch(l -> l.endsWith(": 11 bytes echoed"));
    }
}
