package org.socketlab.lab.grading;

import java.util.List;
import java.util.stream.Collectors;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.draw.Observation;

/**
 * An activity's verdict for a student or an instructor. Only what was seen can pass: an activity with an
 * observation that was not made is {@link #PARTIAL}, never {@link #PASS}, whatever else held.
 */
public enum Verdict {
    /** Every observation was made and held. */
    PASS,
    /** An observation did not hold. */
    FAIL,
    /** Nothing failed, and some observation held as a later activity expects: the server is past this stage. */
    AHEAD,
    /** Nothing failed, but some observations were not made (e.g. the frames, without root). */
    PARTIAL,
    /** The activity did not run against this server (it says what to change). */
    SKIPPED;

    /** The verdict of one activity's run. */
    public static Verdict of(ActivityResult result) {
        if (result.skipped().isPresent()) {
            return SKIPPED;
        }
        List<Observation.Verdict> seen =
                result.observations().stream().map(Observation::verdict).toList();
        if (seen.contains(Observation.Verdict.FAILED)) {
            return FAIL;
        }
        if (seen.contains(Observation.Verdict.SKIPPED) || seen.isEmpty()) {
            return PARTIAL;
        }
        return seen.contains(Observation.Verdict.AHEAD) ? AHEAD : PASS;
    }

    /** Whether this verdict is as good as a pass: every observation held, as this activity or a later one expects. */
    public boolean held() {
        return this == PASS || this == AHEAD;
    }

    /**
     * Why the verdict is not PASS, in one line: the first failure; what was ahead; what was not seen and why; why the
     * activity was skipped. Empty for PASS.
     */
    public static String reason(ActivityResult result) {
        return switch (of(result)) {
            case PASS -> "";
            case SKIPPED -> result.skipped().orElseThrow();
            case FAIL -> result.failures().get(0).toString();
            case AHEAD ->
                result.observations().stream()
                        .filter(o -> o.verdict() == Observation.Verdict.AHEAD)
                        .map(Observation::seen)
                        .collect(Collectors.joining("; "));
            case PARTIAL ->
                result.observations().isEmpty()
                        ? "nothing was observed"
                        : "not seen: " + matching(result, Observation.Verdict.SKIPPED);
        };
    }

    private static String matching(ActivityResult result, Observation.Verdict verdict) {
        return result.observations().stream()
                .filter(o -> o.verdict() == verdict)
                .map(o -> o.claim() + " (" + o.seen() + ")")
                .collect(Collectors.joining("; "));
    }
}
