package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 7: "Change the backlog to 1. Start four echo clients. What do you notice in tcpdump? Kill the last
 * client to be started. What is the effect?"
 *
 * <p>Linux queues backlog + 1 established connections. While the server serves A, B and C fill the queue; D's SYN
 * is dropped without an answer (no SYN-ACK, no RST), so D stays in SYN_SENT and retransmits its SYN (after 1 s,
 * then 2 s, ...). Killing D removes its socket, and its SYNs stop. When A leaves, B is served, then C.
 */
@LabExperiment
class Activity7BacklogIT {

    @Test
    void backlog1QueuesTwoConnectionsAndTheThirdSynIsDroppedAndRetransmitted(Lab lab) {
        int port = lab.freePort();
        Capture wire = lab.capture("tcp port " + port);
        LabProcess server = listeningServer(lab, port, "--backlog", "1");
        LabProcess a = connectedClient(lab, "client A", port);
        echo(a, "A is being served");
        LabProcess b = connectedClient(lab, "client B", port);
        b.send("B\n");
        LabProcess c = connectedClient(lab, "client C", port);
        c.send("C\n");
        int bPort = localPort(b);
        int cPort = localPort(c);

        TcpConnection listening = lab.kernel()
                .awaitCount(
                        t -> t.local().getPort() == port && t.state() == TcpState.LISTEN && t.receiveQueue() == 2,
                        1,
                        "the accept queue holding B and C",
                        WAIT)
                .get(0);
        assertThat(listening.inode())
                .as("the listening socket belongs to the server")
                .isNotZero();
        assertThat(lab.kernel().listenBacklog(port))
                .as("the backlog, ss's Send-Q")
                .isEqualTo(1);

        LabProcess d = lab.client("client D", "127.0.0.1", String.valueOf(port));
        d.awaitErrLine("^client: connecting to 127.0.0.1 port " + port + "$", WAIT);
        TcpConnection dSocket = lab.kernel()
                .awaitCount(
                        t -> t.remote().getPort() == port && t.state() == TcpState.SYN_SENT, 1, "D in SYN_SENT", WAIT)
                .get(0);
        int dPort = dSocket.local().getPort();
        List<Frame> dSyns = wire.awaitCount(
                f -> f.between(dPort, port) && f.isSyn(), 2, "D's SYN and its retransmission", Duration.ofSeconds(15));
        assertThat(dSyns.get(1).time() - dSyns.get(0).time())
                .as("the first SYN retransmission timeout, s")
                .isBetween(0.9, 2.5);
        assertThat(wire.frames(f -> f.between(port, dPort)))
                .as("anything from the server to D: no SYN-ACK, no RST")
                .isEmpty();
        assertThat(d.stderrLines()).noneMatch(l -> l.startsWith("client: connected"));

        d.kill();
        lab.kernel()
                .awaitCount(
                        t -> t.local().getPort() == dPort && t.remote().getPort() == port,
                        0,
                        "D's SYN_SENT socket gone with D, so no SYN is left to retransmit",
                        WAIT);
        int synsWhenKilled =
                wire.frames(f -> f.between(dPort, port) && f.isSyn()).size();

        a.closeStdin();
        assertThat(a.awaitExit(WAIT)).isZero();
        server.awaitLine("^Incoming connection from 127.0.0.1 remote port " + bPort + "$", WAIT);
        b.awaitLine("^B$", WAIT);
        assertThat(c.stdoutLines()).as("C is still queued while B is served").isEmpty();
        b.closeStdin();
        server.awaitLine("^Incoming connection from 127.0.0.1 remote port " + cPort + "$", WAIT);
        c.awaitLine("^C$", WAIT);
        assertThat(wire.frames(f -> f.between(dPort, port) && f.isSyn()))
                .as("D's SYNs after D was killed")
                .hasSize(synsWhenKilled);
    }
}
