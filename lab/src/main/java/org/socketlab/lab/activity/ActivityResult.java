package org.socketlab.lab.activity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one activity went.
 *
 * @param activity the activity
 * @param steps the steps run, in order
 * @param skipped why the activity was not run at all (e.g. a foreign server has no {@code --backlog}), if so
 * @param took how long it ran
 */
public record ActivityResult(Activity activity, List<StepReport> steps, Optional<String> skipped, Duration took) {

    /** Every observation of every step. */
    public List<Observation> observations() {
        return steps.stream().flatMap(s -> s.observations().stream()).toList();
    }

    /** The observations that did not hold. */
    public List<Observation> failures() {
        return observations().stream()
                .filter(o -> o.verdict() == Observation.Verdict.FAILED)
                .toList();
    }

    /** Whether every observation that could be checked held. */
    public boolean held() {
        return failures().isEmpty();
    }
}
