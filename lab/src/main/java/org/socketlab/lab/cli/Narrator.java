package org.socketlab.lab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.draw.SocketLine;
import org.socketlab.lab.grading.Verdict;

/** Prints an activity as it runs: each step, the {@code ss} view after it, its frames as a ladder, its observations. */
final class Narrator implements Consumer<StepReport> {
    private final PrintStream out;
    private Ladders ladders = new Ladders(false);

    Narrator(PrintStream out) {
        this.out = out;
    }

    void begin(Activity activity, String server) {
        ladders = new Ladders(activity.showsWindows());
        out.println("Activity " + activity + "  (server: " + server + ")");
        out.println("  \"" + activity.question() + "\"");
    }

    @Override
    public void accept(StepReport step) {
        out.println();
        out.println("Step " + step.number() + ". " + step.what());
        if (!step.sockets().isEmpty()) {
            out.println("  ss -tan, the port's sockets after the step:");
            out.println("    " + SocketLine.HEADER);
            step.sockets().forEach(s -> out.println("    " + s));
        }
        if (!step.frames().isEmpty()) {
            out.println("  frames:");
            ladders.draw(step).forEach(l -> out.println("    " + l));
        }
        step.observations().forEach(o -> out.println("  " + o));
    }

    /** The closing lines: the verdict (PASS, FAIL, AHEAD, PARTIAL) with the count of observations. */
    void end(ActivityResult result) {
        out.println();
        if (result.skipped().isPresent()) {
            out.println("SKIPPED activity " + result.activity().name() + ": "
                    + result.skipped().get());
            return;
        }
        List<Observation> all = result.observations();
        long held = all.stream()
                .filter(o -> o.verdict() == Observation.Verdict.HELD)
                .count();
        long skipped = all.stream()
                .filter(o -> o.verdict() == Observation.Verdict.SKIPPED)
                .count();
        out.printf(
                "%s activity %s: %d of %d observations held%s (%.1f s)%n",
                Verdict.of(result),
                result.activity().name(),
                held,
                all.size(),
                skipped > 0 ? ", " + skipped + " skipped" : "",
                result.took().toMillis() / 1000.0);
        result.failures().forEach(o -> out.println("  " + o));
    }
}
