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
        Requirements.packetCapture();
        List<Observation> seen = Scenarios.assertHeld(lab, 5, RunSettings.asBuilt());
        assertThat(seen)
                .extracting(Observation::claim)
                .containsExactly(
                        "B's 8 bytes are ACKed by the server's kernel: a [.] without data",
                        "but not echoed: Recv-Q 8, not yet accepted",
                        "the server has accepted A only",
                        "A is still served and B still gets nothing",
                        "no data from the server to B",
                        "A exits with status 0",
                        "the server accepts B and B's echo arrives at once",
                        "the server names B's connection only now");
    }
}
