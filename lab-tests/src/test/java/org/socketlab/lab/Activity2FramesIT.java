package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.activity.RunSettings;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.Requirements;

/**
 * Activity 2: "observe the exchange of frames with tcpdump (connection establishment, sending of data in both
 * directions, acknowledgements and end of connection)".
 *
 * <p>From a real capture: the handshake ([S], [S.], [.]); the client's 6 bytes ACKed by the server, the echo's 6
 * bytes ACKed by the client; at the client's EOF its [F.] ACKed, the server's [F.] and the client's last [.], after
 * which the client, which closed first, holds the connection in TIME_WAIT.
 */
@LabExperiment
class Activity2FramesIT {

    @Test
    void handshakeDataAndEchoEachAckedThenTheFinExchange(Lab lab) {
        Requirements.packetCapture();
        List<Observation> seen = Scenarios.assertHeld(lab, 2, RunSettings.asBuilt());
        assertThat(seen)
                .extracting(Observation::claim)
                .containsExactly(
                        "[S] from the client, [S.] from the server, [.] from the client",
                        "the client's [P.] of 6 bytes is ACKed by the server",
                        "the echo's [P.] of 6 bytes from the server is ACKed by the client",
                        "the second line is ACKed by the server: by a [.] of its own or on the echo's [P.]",
                        "[F.] from the client, ACKed; [F.] from the server, ACKed by the client's last [.]",
                        "the client, which closed first, keeps the connection in TIME_WAIT");
    }
}
