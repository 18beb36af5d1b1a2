package org.socketlab.lab.activity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketlab.lab.draw.Observation;

/**
 * How one activity went.
 *
 * @param activity the activity
 * @param steps the steps run, in order
 * @param skipped why the activity was not run at all (e.g. a foreign server has no {@code --backlog}), if so
 * @param took how long it ran
 * @param series what was sampled during the run, by name, as CSV lines without a header (e.g. "cwnd":
 *     {@code seconds,cwnd,ssthresh,retransmits}); empty for most activities
 */
public record ActivityResult(
        Activity activity,
        List<StepReport> steps,
        Optional<String> skipped,
        Duration took,
        Map<String, List<String>> series) {

    public ActivityResult {
        series = Map.copyOf(series);
    }

    /** Every frame of the run as tcpdump printed it ({@code -n -tt}), in order: what {@code lab draw} reads. */
    public List<String> frames() {
        return steps.stream().flatMap(s -> s.frames().stream()).toList();
    }

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
