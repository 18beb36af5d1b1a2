package org.socketlab.lab.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Observation;

/** An activity's verdict follows from its observations: nothing unseen is ever a PASS. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VerdictTest {
    private static final Observation HELD = new Observation("a fact", Observation.Verdict.HELD, "seen");
    private static final Observation FAILED =
            new Observation("a broken fact", Observation.Verdict.FAILED, "not seen on the wire");
    private static final Observation UNSEEN =
            new Observation("the frames", Observation.Verdict.SKIPPED, "needs the capture (root and tcpdump)");
    private static final Observation AHEAD =
            new Observation("the restart fails", Observation.Verdict.AHEAD, "already has 8's");

    @Test
    void everyObservationHeldIsAPass() {
        assertThat(Verdict.of(result(HELD, HELD))).isEqualTo(Verdict.PASS);
        assertThat(Verdict.reason(result(HELD))).isEmpty();
    }

    @Test
    void oneObservationNotMadeIsPartialNeverPassSayingWhatAndWhy() {
        ActivityResult result = result(HELD, UNSEEN);
        assertThat(Verdict.of(result)).isEqualTo(Verdict.PARTIAL);
        assertThat(Verdict.of(result).held()).isFalse();
        assertThat(Verdict.reason(result)).isEqualTo("not seen: the frames (needs the capture (root and tcpdump))");
    }

    @Test
    void aFailureWinsOverWhatWasNotSeenAndWhatWasAhead() {
        assertThat(Verdict.of(result(AHEAD, UNSEEN, FAILED))).isEqualTo(Verdict.FAIL);
        assertThat(Verdict.reason(result(HELD, FAILED))).isEqualTo("✘ a broken fact: not seen on the wire");
    }

    @Test
    void anObservationAsALaterActivityExpectsIsAheadAndHolds() {
        ActivityResult result = result(HELD, AHEAD);
        assertThat(Verdict.of(result)).isEqualTo(Verdict.AHEAD);
        assertThat(Verdict.of(result).held()).isTrue();
        assertThat(Verdict.reason(result)).isEqualTo("already has 8's");
        assertThat(Verdict.of(result(AHEAD, UNSEEN))).isEqualTo(Verdict.PARTIAL);
    }

    @Test
    void anActivityThatDidNotRunIsSkippedWithItsReasonAndOneWithNoObservationIsPartial() {
        ActivityResult skipped = new ActivityResult(
                Activities.number(7).orElseThrow(), List.of(), Optional.of("set BACKLOG 1"), Duration.ZERO, Map.of());
        assertThat(Verdict.of(skipped)).isEqualTo(Verdict.SKIPPED);
        assertThat(Verdict.reason(skipped)).isEqualTo("set BACKLOG 1");
        assertThat(Verdict.of(result())).isEqualTo(Verdict.PARTIAL);
    }

    @Test
    void theStudentsCellsAreTheVerdictsOfOneToNineThenWhereTheServerStands() {
        Fact yes = Fact.of(true, "");
        Standing standing = new Standing(yes, Fact.of(false, ""), new Fact("1", ""), yes, yes, new Fact("88", ""));
        assertThat(StudentReport.cells(List.of(result(UNSEEN)), standing))
                .containsExactly(
                        "SKIPPED", "PARTIAL", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED",
                        "SKIPPED", "yes", "no", "1", "88");
    }

    @Test
    void textIsEscapedForTheReportsMarkupAndJson() {
        assertThat(Markup.xml("<a href=\"x\">&</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assertThat(Markup.json("say \"hi\"\\\n\t")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\u0009\"");
    }

    /** Activity 2's result with one step holding these observations. */
    private static ActivityResult result(Observation... observations) {
        return new ActivityResult(
                Activities.number(2).orElseThrow(),
                List.of(new StepReport(1, "a step", List.of(), List.of(), Map.of(), List.of(observations))),
                Optional.empty(),
                Duration.ZERO,
                Map.of());
    }
}
