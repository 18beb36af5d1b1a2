package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.acceptedPort;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.Experiments.withDefaultSigint;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpState;

/**
 * Faults on purpose: clients that reset, die or idle, servers that are killed or stopped. The server survives
 * each and serves the next client; the client reports in one line and exits.
 */
@LabExperiment
class FaultsIT {
    private static final String SERVING_NEXT = "; serving the next client$";

    private static SocketChannel connect(int port) throws IOException {
        return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    private static int boundPort(SocketChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Test
    void aClientThatResetsMidEchoIsReportedAndTheNextIsServed(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        try (SocketChannel client = connect(port)) {
            // Send without reading until the echo backs up: echoed bytes wait in the client's receive queue and
            // the kernel has no room for more. How much that takes depends on the buffer autotuning, so the
            // writes never block. The server is now stuck mid-echo; the client aborts with a RST.
            int clientPort = boundPort(client);
            client.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            await().atMost(WAIT).until(() -> {
                while (client.write(chunk.clear()) > 0) {
                    // fill until a write finds no room
                }
                return lab.kernel()
                        .find(clientPort, port)
                        .map(c -> c.receiveQueue() > 0)
                        .orElse(false);
            });
            client.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        // The JDK says "Connection reset" when the RST ends a read, "Connection reset by peer" when it ends a write.
        server.awaitLine("failed after \\d+ bytes echoed: Connection reset( by peer)?" + SERVING_NEXT, WAIT);
        echo(connectedClient(lab, "next client", port), "next");
    }

    @Test
    void aClientKilledBeforeItIsAcceptedIsServedAsAnEmptyConnection(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        LabProcess a = connectedClient(lab, "client A", port);
        echo(a, "A");
        LabProcess b = connectedClient(lab, "client B", port);
        int bPort = localPort(b);
        b.kill();
        a.closeStdin();
        server.awaitLine("^Connection from 127.0.0.1 remote port " + bPort + " closed: 0 bytes echoed$", WAIT);
        echo(connectedClient(lab, "client C", port), "C");
    }

    @Test
    void aClientKilledDuringALargeEchoIsReportedAndTheNextIsServed(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        // Endless input without a newline: the client streams it piece by piece until it is killed.
        LabProcess client =
                lab.shell("streaming client", "exec $JAVA -jar $C 127.0.0.1 " + port + " < /dev/zero > /dev/null");
        int clientPort = acceptedPort(server);
        lab.kernel().awaitConnection(port, clientPort, TcpState.ESTABLISHED, WAIT);
        client.kill();
        server.awaitLine(
                "^Connection from 127.0.0.1 remote port " + clientPort + " (failed after \\d+ bytes echoed: .*"
                        + SERVING_NEXT + "|closed: \\d+ bytes echoed$)",
                WAIT);
        echo(connectedClient(lab, "next client", port), "next");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void aClientThatHalfClosesStillGetsEveryByteOfItsEcho(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        int size = 16 << 20;
        BoundedRoundTrip.run(lab, port, size, 862); // half-closes after writing
        server.awaitLine("closed: " + size + " bytes echoed$", WAIT);
    }

    @Test
    void aServerKilledMidStreamMakesTheClientReportInOneLineAndExit1(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        LabProcess client = connectedClient(lab, "client", port);
        echo(client, "before");
        server.kill();
        client.send("after the kill\n");
        assertThat(client.awaitExit(WAIT)).isEqualTo(1);
        List<String> errors = client.stderrLines().stream()
                .filter(l -> !l.startsWith("client: "))
                .toList();
        assertThat(errors)
                .singleElement()
                .asString()
                .startsWith("echo-client: ")
                .containsPattern("closed the connection after echoing 0 of 15 bytes|reset")
                .doesNotContain("Exception");
    }

    @Test
    void anIdleClientHoldsTheSequentialServerUntilTheIdleTimeoutClosesIt(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port, "--idle-timeout", "1s");
        LabProcess idle = connectedClient(lab, "idle client", port);
        int idlePort = localPort(idle);
        LabProcess waiting = connectedClient(lab, "waiting client", port);
        waiting.send("waiting\n");
        server.awaitLine(
                "^Connection from 127.0.0.1 remote port " + idlePort + " failed after 0 bytes echoed: idle "
                        + "longer than the read timeout, closed by the server" + SERVING_NEXT,
                WAIT);
        waiting.awaitLine("^waiting$", WAIT);
        // The idle client blocks on its stdin: it has the server's FIN (CLOSE_WAIT) and learns at its next line.
        lab.kernel().awaitConnection(idlePort, port, TcpState.CLOSE_WAIT, WAIT);
        idle.send("too late\n");
        assertThat(idle.awaitExit(WAIT)).isEqualTo(1);
        assertThat(idle.stderrLines())
                .last()
                .asString()
                .startsWith("echo-client: ")
                .containsPattern("closed the connection after echoing 0 of 9 bytes|reset");
    }

    @Test
    void sigtermAndSigintStopTheServerWithStatus0AndCloseTheListeningSocket(Lab lab) {
        for (String signal : new String[] {"TERM", "INT"}) {
            int port = lab.freePort();
            LabProcess server = lab.start(
                    "server", withDefaultSigint(lab.javaCommand(List.of(), lab.serverJar(), String.valueOf(port))));
            awaitListening(server, port);
            echo(connectedClient(lab, "client", port), "before SIG" + signal);
            server.signal(signal);
            assertThat(server.awaitExit(WAIT))
                    .as("exit status after SIG" + signal)
                    .isZero();
            assertThat(server.stdoutLines()).last().isEqualTo("Server stopped: listening socket closed");
            assertThat(lab.kernel().connections())
                    .noneMatch(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN);
        }
    }

    @Test
    void sigintAndSigtermEndTheClientAndTheServerServesTheNext(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        for (String signal : new String[] {"TERM", "INT"}) {
            LabProcess client = lab.start(
                    "client",
                    withDefaultSigint(lab.javaCommand(List.of(), lab.clientJar(), "127.0.0.1", String.valueOf(port))));
            int clientPort = localPort(client);
            echo(client, "before SIG" + signal);
            client.signal(signal);
            assertThat(client.awaitExit(WAIT))
                    .as("exit status after SIG" + signal)
                    .isEqualTo(128 + (signal.equals("INT") ? 2 : 15));
            server.awaitLine("^Connection from 127.0.0.1 remote port " + clientPort + " closed: ", WAIT);
        }
        echo(connectedClient(lab, "next client", port), "next");
    }
}
