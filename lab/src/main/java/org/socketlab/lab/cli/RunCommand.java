package org.socketlab.lab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.grading.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lab run N} or {@code lab run NAME}: one activity, step by step, with the kernel's view, the frames and the
 * observations.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run activity N (or a mechanism of the cheat sheet by NAME) with real processes and narrate it: "
                + "each step, the port's sockets (ss), the frames captured, the observations checked.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every observation held",
            "1:an observation did not hold",
            "2:it could not run",
            "3:nothing failed, but some observations were not made (PARTIAL)"
        })
final class RunCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "N|NAME",
            description = "The activity: 1 to 9 of lab 1 (lab list), 1 to 4 of lab 3, or the cheat sheet's window, "
                    + "retransmit, keepalive, timewait, congestion, mss.")
    String activityName;

    @Option(
            names = "--capture",
            paramLabel = "FILE",
            description = "Also write the frames of the run as tcpdump -n -tt printed them, one a line (lab draw FILE "
                    + "draws them again).")
    Path capture;

    @Option(
            names = "--cwnd",
            paramLabel = "FILE",
            description = "Also write the sender's cwnd samples (lab run congestion) as CSV "
                    + "seconds,cwnd,ssthresh,retransmits (lab draw --cwnd FILE plots them).")
    Path cwnd;

    @Mixin
    LabChoice which;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Also write the run as one HTML page (no network "
                    + "needed to open it): the frames as an SVG sequence diagram, with the sockets and observations.")
    Path html;

    @Mixin
    BenchOptions bench;

    @Override
    public Integer call() {
        Activity activity;
        BenchOptions.Setup setup;
        try {
            activity = LabMain.activity(which.lab, activityName);
            setup = bench.setUp(which.lab);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return LabMain.fail(e.getMessage(), e, bench.verbose);
        }
        Narrator narrator = new Narrator(System.out);
        narrator.begin(activity, setup.server().toString());
        ActivityResult result;
        try (Lab lab = setup.newLab()) {
            result = activity.run(lab, bench.settings(setup.server(), activity), narrator);
        } catch (RuntimeException e) {
            return LabMain.fail("activity " + activityName + " could not run: " + e.getMessage(), e, bench.verbose);
        }
        narrator.end(result);
        try {
            if (capture != null) {
                Files.write(capture, result.frames());
                System.out.println(
                        "lab: wrote " + capture + " (" + result.frames().size() + " frames)");
            }
            if (cwnd != null) {
                List<String> csv = new ArrayList<>(List.of("seconds,cwnd,ssthresh,retransmits"));
                csv.addAll(result.series().getOrDefault("cwnd", List.of()));
                Files.write(cwnd, csv);
                System.out.println("lab: wrote " + cwnd + " (" + (csv.size() - 1) + " samples"
                        + (activity.name().equals("congestion") ? "" : "; only lab run congestion samples cwnd") + ")");
            }
        } catch (IOException e) {
            return LabMain.fail(
                    "cannot write " + e.getMessage() + "; give a writable path to --capture and --cwnd",
                    e,
                    bench.verbose);
        }
        if (html != null) {
            try {
                Pages.write(html, setup.server().toString(), result);
            } catch (IOException e) {
                return LabMain.fail(
                        "cannot write " + html + ": " + e.getMessage() + "; give a writable path to --html",
                        e,
                        bench.verbose);
            }
            System.out.println("lab: wrote " + html);
        }
        Verdict verdict = Verdict.of(result);
        return verdict == Verdict.SKIPPED ? 2 : verdict == Verdict.FAIL ? 1 : verdict.held() ? 0 : 3;
    }
}
