package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.KernelView;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Link;
import org.socketlab.lab.fixture.TwoHosts;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Faults on the wire, 2 and 3: the link between client and server is cut (every packet dropped both ways). Neither
 * end is told: no FIN, no RST crosses. An idle connection stays ESTABLISHED forever unless one end probes it
 * (SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT) or gives up waiting (the server's --idle-timeout); a
 * connection with data in flight retransmits it for about 15 minutes ({@code tcp_retries2}) unless
 * TCP_USER_TIMEOUT cuts that short.
 */
@LabExperiment
class PartitionIT {
    private static final String[] KEEP_ALIVE = {
        "-o", "SO_KEEPALIVE=true", "-o", "TCP_KEEPIDLE=1", "-o", "TCP_KEEPINTVL=1", "-o", "TCP_KEEPCNT=3"
    };

    @Test
    void whileIdleKeepAliveFindsTheDeadPeerWithinTenSecondsAndWithoutItTheConnectionStaysEstablished(Lab lab) {
        TwoHosts hosts = lab.twoHosts();
        // One thread per connection, so that both clients are served at once; the server probes them too.
        LabProcess server = Faults.server(lab, hosts.server(), "thread", KEEP_ALIVE);
        int port = Faults.port(server);
        String address = hosts.server().address();
        LabProcess probing = connectedClient(lab, hosts.client(), "keep-alive client", address, port, KEEP_ALIVE);
        LabProcess plain = connectedClient(lab, hosts.client(), "plain client", address, port);
        int plainPort = localPort(plain);
        echo(probing, "before the cut");
        echo(plain, "before the cut");
        Link link = Link.of(hosts.server());

        long cut = System.nanoTime();
        link.cut();
        assertThat(probing.awaitExit(Duration.ofSeconds(10)))
                .as("keep-alive client's exit status")
                .isEqualTo(1);
        double detected = seconds(cut);
        assertThat(errors(probing))
                .singleElement()
                .isEqualTo("echo-client: connection lost: the peer stopped answering keep-alive probes (ETIMEDOUT)");
        TcpConnection plainSocket =
                KernelView.ofProcess(plain.pid()).find(plainPort, port).orElseThrow();
        assertThat(plainSocket.state())
                .as("the plain client's socket " + detected + " s after the cut: nothing"
                        + " probes it, so nothing tells it")
                .isEqualTo(TcpState.ESTABLISHED);
        assertThat(plain.isAlive()).isTrue();
        for (int clientPort : new int[] {localPort(probing), plainPort}) {
            server.awaitLine(
                    "^Connection from " + hosts.client().address() + " remote port " + clientPort
                            + " failed after \\d+ bytes echoed: Connection timed out; serving the next client",
                    WAIT);
        }
        double serverFreed = seconds(cut);

        link.restore();
        echo(connectedClient(lab, hosts.client(), "next client", address, port), "after the cut");
        // The plain client still believes in its connection: its next line meets the server's RST.
        plain.send("too late\n");
        assertThat(plain.awaitExit(WAIT)).as("plain client's exit status").isEqualTo(1);
        assertThat(errors(plain)).singleElement().asString().contains("reset");
        System.out.printf(
                "partition while idle: keep-alive client gave up %.1f s after the cut; the server freed"
                        + " both connections by %.1f s; the plain client was still ESTABLISHED at %.1f s%n",
                detected, serverFreed, detected);
    }

    @Test
    void whileIdleTheSequentialServerFreesTheConnectionAfterItsIdleTimeoutAndServesTheNextClient(Lab lab) {
        TwoHosts hosts = lab.twoHosts();
        LabProcess server = Faults.server(lab, hosts.server(), "sequential", "--idle-timeout", "2s");
        int port = Faults.port(server);
        String address = hosts.server().address();
        LabProcess idle = connectedClient(lab, hosts.client(), "idle client", address, port);
        int idlePort = localPort(idle);
        echo(idle, "before the cut");
        Link link = Link.of(hosts.server());

        long cut = System.nanoTime();
        link.cut();
        server.awaitLine(
                "remote port " + idlePort + " failed after \\d+ bytes echoed: idle longer than the read"
                        + " timeout, closed by the server; serving the next client$",
                WAIT);
        double freed = seconds(cut);
        // Its FIN is lost: the client, which reads nothing, still sees its connection ESTABLISHED.
        assertThat(KernelView.ofProcess(idle.pid())
                        .find(idlePort, port)
                        .orElseThrow()
                        .state())
                .isEqualTo(TcpState.ESTABLISHED);
        link.restore();
        echo(connectedClient(lab, hosts.client(), "next client", address, port), "after the cut");
        System.out.printf(
                "partition while idle, sequential server with --idle-timeout 2s: connection freed %.1f s"
                        + " after the cut%n",
                freed);
        assertThat(freed).as("seconds from the cut to the server's line").isBetween(0.0, 4.0);
    }

    @Test
    void whileSendingTcpUserTimeoutEndsTheRetransmissionsAfterFiveSecondsWhereTheKernelWouldTryFor15Minutes(Lab lab) {
        TwoHosts hosts = lab.twoHosts();
        LabProcess server = Faults.server(lab, hosts.server(), "sequential");
        int port = Faults.port(server);
        String address = hosts.server().address();
        Capture wire = lab.capture(hosts.client(), "tcp port " + port);
        LabProcess bounded = connectedClient(
                lab, hosts.client(), "client with TCP_USER_TIMEOUT", address, port, "-o", "TCP_USER_TIMEOUT=5000");
        int boundedPort = localPort(bounded);
        echo(bounded, "before the cut");
        // Queued behind the first (a sequential server), but its kernel ACKs and would retransmit the same way.
        LabProcess unbounded = connectedClient(lab, hosts.client(), "client without", address, port);
        int unboundedPort = localPort(unbounded);
        Link link = Link.of(hosts.server());

        link.cut();
        long sent = System.nanoTime();
        bounded.send("into the void\n");
        unbounded.send("into the void\n");
        assertThat(bounded.awaitExit(Duration.ofSeconds(12))).as("exit status").isEqualTo(1);
        double gaveUp = seconds(sent);
        assertThat(errors(bounded))
                .singleElement()
                .isEqualTo("echo-client: connection lost: sent data stayed"
                        + " unacknowledged longer than the user timeout (TCP_USER_TIMEOUT=5000 ms) (ETIMEDOUT)");
        assertThat(gaveUp).as("seconds from the write to the client's exit").isBetween(4.5, 9.0);
        List<Frame> copies = wire.frames(f -> f.between(boundedPort, port) && f.length() == 14);
        assertThat(copies.size())
                .as("copies of the 14-byte line on the wire; capture:\n" + wire)
                .isGreaterThan(2);

        TcpConnection waiting =
                KernelView.ofProcess(unbounded.pid()).find(unboundedPort, port).orElseThrow();
        assertThat(waiting.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(waiting.sendQueue()).as("bytes still unacknowledged").isEqualTo(14);
        assertThat(waiting.timerActive()).as("timer: 1 = retransmission").isEqualTo(1);
        assertThat(unbounded.isAlive())
                .as("the client without TCP_USER_TIMEOUT, still waiting")
                .isTrue();
        System.out.printf(
                "partition while sending: with TCP_USER_TIMEOUT=5000 the client gave up %.1f s after its"
                        + " write, having sent the line %d times; without it, still retransmitting (%d so far,"
                        + " tx_queue %d)%n",
                gaveUp, copies.size(), waiting.retransmits(), waiting.sendQueue());
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** The client's stderr less its status lines ("client: ..."): the failure, in one line. */
    private static List<String> errors(LabProcess client) {
        return client.stderrLines().stream()
                .filter(l -> !l.startsWith("client: "))
                .toList();
    }
}
