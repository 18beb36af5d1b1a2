package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.activity.RunSettings;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.options.TcpState;

/**
 * Activity 3: "Start the client and terminate it with CTRL-D. What do you observe with tcpdump? Why?"
 *
 * <p>The lab's server never calls close() on the active socket. The client's FIN is acknowledged by the server's
 * kernel, but no FIN ever comes back: the server's side sits in CLOSE_WAIT (the peer has closed, we have not) and
 * the client's in FIN_WAIT_2 (waiting for the other half). With close(), the server's FIN ends it and the client,
 * which closed first, keeps the connection in TIME_WAIT.
 */
@LabExperiment
class Activity3MissingCloseIT {

    @Test
    void labRun3ShowsTheBugUntilCtrlCThenTheSolvedServersFin(Lab lab) {
        Requirements.packetCapture();
        List<Observation> seen = Scenarios.assertHeld(lab, 3, RunSettings.asBuilt());
        assertThat(seen)
                .extracting(Observation::claim)
                .containsExactly(
                        "the client's [F.] is ACKed by the server's kernel",
                        "the server's end stays in CLOSE_WAIT, the client's in FIN_WAIT_2",
                        "no [F.] from the server: it went back to accept() without close()",
                        "the server's [F.] comes now, when its process ends",
                        "the client's end is in TIME_WAIT (not FIN_WAIT_2) and the client exits",
                        "the client's [F.] is ACKed by the server's kernel",
                        "the server closes the active socket: its [F.] follows",
                        "the server's end is gone (not CLOSE_WAIT: close() was called)",
                        "the client's end is in TIME_WAIT (not FIN_WAIT_2) and the client exits");
        assertThat(seen.get(1).seen()).contains("CLOSE_WAIT", "FIN_WAIT_2");
        assertThat(seen.get(3).seen()).contains("after the server exited (status 0)");
    }

    @Test
    void withoutCloseTheServerAcksTheClientsFinButNeverSendsItsOwn(Lab lab) {
        LabProcess server = lab.listeningServer("--fault", "no-close");
        int port = server.listeningPort();
        Capture wire = lab.capture("tcp port " + port);
        LabProcess client = connectedClient(lab, "client", port);
        int clientPort = localPort(client);
        echo(client, "hello");
        client.closeStdin(); // CTRL-D

        server.awaitLine("ended by the client: 6 bytes echoed; the active socket is NOT closed", WAIT);
        lab.kernel().awaitConnection(port, clientPort, TcpState.CLOSE_WAIT, WAIT);
        lab.kernel().awaitConnection(clientPort, port, TcpState.FIN_WAIT_2, WAIT);
        Frame fin = wire.awaitFrame(f -> f.between(clientPort, port) && f.isFin(), "the client's FIN", WAIT);
        wire.awaitFrame(
                f -> f.between(port, clientPort)
                        && f.isPureAck()
                        && f.ack().orElse(-1) == fin.seq().orElseThrow() + 1,
                "the server's ACK of that FIN",
                WAIT);
        // The server has printed its line: had it closed the socket, its FIN would be on the wire by now.
        assertThat(wire.frames(f -> f.between(port, clientPort) && f.isFin()))
                .as("FIN from the server")
                .isEmpty();
        assertThat(client.isAlive())
                .as("the client still waits for the server's EOF")
                .isTrue();
    }

    @Test
    void withCloseTheServerSendsItsFinAndTheClientEndsInTimeWait(Lab lab) {
        LabProcess server = lab.listeningServer();
        int port = server.listeningPort();
        Capture wire = lab.capture("tcp port " + port);
        LabProcess client = connectedClient(lab, "client", port);
        int clientPort = localPort(client);
        echo(client, "hello");
        client.closeStdin();

        server.awaitLine("closed: 6 bytes echoed$", WAIT);
        wire.awaitFrame(f -> f.between(clientPort, port) && f.isFin(), "the client's FIN", WAIT);
        wire.awaitFrame(f -> f.between(port, clientPort) && f.isFin(), "the server's FIN", WAIT);
        lab.kernel().awaitConnection(clientPort, port, TcpState.TIME_WAIT, WAIT);
        assertThat(client.awaitExit(WAIT)).as("the client's exit status").isZero();
        assertThat(lab.kernel().find(port, clientPort))
                .as("the server's side is gone")
                .isEmpty();
    }
}
