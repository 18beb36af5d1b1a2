package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.RunSettings;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.fixture.Lab;

/** Experiments that assert through an activity's scenario: the same steps and observations {@code lab run} shows. */
final class Scenarios {

    private Scenarios() {}

    /**
     * Runs activity {@code number} and asserts that every observation held and none was skipped.
     *
     * @return the observations, for further assertions
     */
    static List<Observation> assertHeld(Lab lab, int number, RunSettings settings) {
        ActivityResult result = Activities.number(number).orElseThrow().run(lab, settings, step -> {});
        assertThat(result.skipped()).as("activity %d skipped", number).isEmpty();
        assertThat(result.observations())
                .as("activity %d's observations", number)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.verdict()).as("%s", o).isEqualTo(Observation.Verdict.HELD));
        return result.observations();
    }
}
