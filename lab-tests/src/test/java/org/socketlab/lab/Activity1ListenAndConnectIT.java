package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.activity.RunSettings;
import org.socketlab.lab.activity.TestedServer;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;

/**
 * Activity 1: "which variable stores the passive socket? which stores the active socket? when do you get it?"
 *
 * <p>Before any client, the server's passive socket is the only one on the port, in LISTEN. connect() makes two
 * ESTABLISHED ends: the client's, and the server's active socket that accept() returns (owned by the server, a
 * non-zero inode), while the passive socket goes on listening. The kernel's view only: no root needed.
 */
@LabExperiment
class Activity1ListenAndConnectIT {

    @Test
    void oneListeningSocketThenTwoEstablishedEndsBesideIt(Lab lab) {
        List<Observation> seen =
                Scenarios.assertHeld(lab, 1, new RunSettings(TestedServer.ours(List.of()), false, false));
        assertThat(seen)
                .extracting(Observation::claim)
                .containsExactly(
                        "one socket LISTENs on the port: the passive socket",
                        "the line comes back",
                        "two ESTABLISHED ends: the client's and the server's active socket",
                        "the passive socket still LISTENs beside them");
    }
}
