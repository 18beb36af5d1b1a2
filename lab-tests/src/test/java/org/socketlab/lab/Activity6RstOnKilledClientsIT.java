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
        Requirements.packetCapture();
        List<Observation> seen = Scenarios.assertHeld(lab, 6, RunSettings.asBuilt());
        assertThat(seen)
                .extracting(Observation::claim)
                .containsExactly(
                        "B's line waits unread in the accept queue",
                        "B's kernel closes B's end: [F.] from B",
                        "the server's echo of 7 bytes to B is answered by B's kernel with [R]",
                        "the server reports the RST in one line and goes on",
                        "the server still serves: C's line comes back");
    }
}
