package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 5: "Start two echo clients. What happens if after starting the first client but before asking for an
 * echo, we start the second? Both clients send information. What happens?"
 *
 * <p>The kernel completes the second client's handshake and acknowledges its data by itself: the connection waits
 * in the listening socket's accept queue with the bytes in its receive queue. The server process, busy with the
 * first client, has not called accept() for it, so nothing is echoed until the first client leaves.
 */
@LabExperiment
class Activity5OneClientAtATimeIT {

    @Test
    void theSecondClientsDataIsAckedButNotEchoedUntilTheFirstLeaves(Lab lab) {
        LabProcess server = lab.listeningServer();
        int port = server.listeningPort();
        Capture wire = lab.capture("tcp port " + port);
        LabProcess a = connectedClient(lab, "client A", port);
        echo(a, "A is being served");

        LabProcess b = connectedClient(lab, "client B", port);
        int bPort = localPort(b);
        b.send("B waits\n");
        Frame data = wire.awaitFrame(f -> f.between(bPort, port) && f.length() == 8, "B's 8 bytes", WAIT);
        wire.awaitFrame(f -> f.between(port, bPort) && f.isPureAck() && f.ack().orElse(-1) == data.seqEnd().orElseThrow(),
                "the server's kernel ACKs B's data", WAIT);
        TcpConnection queued = lab.kernel().awaitConnection(port, bPort, TcpState.ESTABLISHED, WAIT);
        assertThat(queued.receiveQueue()).as("B's bytes wait unread in the kernel").isEqualTo(8);
        assertThat(queued.inode()).as("not yet accepted by the server process").isZero();

        // The server still serves A: A's next line is echoed while B's waits.
        echo(a, "A again");
        assertThat(wire.frames(f -> f.between(port, bPort) && f.length() > 0)).as("data sent to B").isEmpty();
        assertThat(b.stdoutLines()).as("B's echo while A is connected").isEmpty();
        assertThat(server.stdoutLines()).filteredOn(l -> l.startsWith("Incoming connection")).hasSize(1);

        a.closeStdin();
        assertThat(a.awaitExit(WAIT)).isZero();
        b.awaitLine("^B waits$", WAIT);
        server.awaitLine("^Incoming connection from 127.0.0.1 remote port " + bPort + "$", WAIT);
    }
}
