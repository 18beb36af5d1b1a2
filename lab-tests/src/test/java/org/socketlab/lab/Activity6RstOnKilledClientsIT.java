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

/**
 * Activity 6: "Now kill the second client and then kill the first. You should observe a RESET frame. Why?"
 *
 * <p>When the first client dies the server accepts the second, queued connection, reads its line and the FIN its
 * kernel sent when it was killed, and writes the echo. No process owns that connection any more, so the second
 * client's kernel answers the echo with a RST. The C server dies of SIGPIPE on its next write; ours reports the
 * failure in one line and serves the next client.
 */
@LabExperiment
class Activity6RstOnKilledClientsIT {

    @Test
    void theEchoToAKilledQueuedClientIsAnsweredWithARstAndTheServerGoesOn(Lab lab) {
        LabProcess server = lab.listeningServer();
        int port = server.listeningPort();
        Capture wire = lab.capture("tcp port " + port);
        LabProcess a = connectedClient(lab, "client A", port);
        echo(a, "A");
        LabProcess b = connectedClient(lab, "client B", port);
        int bPort = localPort(b);
        b.send("queued\n");
        wire.awaitFrame(f -> f.between(bPort, port) && f.length() == 7, "B's line", WAIT);

        b.kill();
        wire.awaitFrame(f -> f.between(bPort, port) && f.isFin(), "the FIN B's kernel sends for the killed B", WAIT);
        a.kill();

        server.awaitLine("^Incoming connection from 127.0.0.1 remote port " + bPort + "$", WAIT);
        Frame echo = wire.awaitFrame(f -> f.between(port, bPort) && f.length() == 7, "the server's echo to B", WAIT);
        Frame rst = wire.awaitFrame(f -> f.between(bPort, port) && f.isRst(), "the RST from B's port", WAIT);
        assertThat(rst.time()).as("the RST answers the echo").isGreaterThanOrEqualTo(echo.time());
        server.awaitLine("^Connection from 127.0.0.1 remote port " + bPort + " failed after 7 bytes echoed: .*RST.*"
                + "; serving the next client$", WAIT);
        assertThat(server.stdoutLines()).filteredOn(l -> l.contains("remote port " + bPort)).hasSize(2);

        echo(connectedClient(lab, "client C", port), "C is served normally");
        assertThat(server.isAlive()).isTrue();
    }
}
