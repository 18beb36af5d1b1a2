package org.socketlab.lab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.Observation;
import org.socketlab.lab.fixture.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lab check}: every activity in a row against one server, then a summary table. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Run the activities (all, or those named) against the server and check each observation; a "
                + "summary table at the end.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every observation held", "1:an observation did not hold (named)", "2:it could not run"})
final class CheckCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "N|NAME",
            arity = "0..*",
            description = "Only these activities: numbers, or names of the cheat sheet (default: all of the lab).")
    List<String> only = new ArrayList<>();

    @Mixin
    LabChoice which;

    @Mixin
    BenchOptions bench;

    @Override
    public Integer call() {
        List<Activity> activities = new ArrayList<>();
        BenchOptions.Setup setup;
        try {
            for (String activity : only) {
                activities.add(LabMain.activity(which.lab, activity));
            }
            setup = bench.setUp(which.lab);
            if (activities.isEmpty()) {
                activities.addAll(Activities.forLab(which.lab));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return LabMain.fail(e.getMessage(), e, bench.verbose);
        }
        System.out.println("Checking " + setup.server() + " against activities "
                + activities.stream().map(Activity::name).collect(Collectors.joining(" ")));
        List<ActivityResult> results = new ArrayList<>();
        for (Activity activity : activities) {
            try (Lab lab = setup.newLab()) {
                ActivityResult result = activity.run(lab, bench.settings(setup.server(), activity), step -> {});
                results.add(result);
                System.out.println();
                System.out.println("Activity " + activity
                        + (result.skipped().isPresent()
                                ? ": skipped, " + result.skipped().get()
                                : ""));
                result.observations().forEach(o -> System.out.println("  " + o));
            } catch (RuntimeException e) {
                return LabMain.fail(
                        "activity " + activity.name() + " could not run: " + e.getMessage(), e, bench.verbose);
            }
        }
        System.out.println();
        System.out.printf(
                "%-10s %-52s %5s %6s %8s %7s  %s%n", "#", "activity", "held", "failed", "skipped", "time", "verdict");
        for (ActivityResult r : results) {
            System.out.printf(
                    "%-10s %-52s %5d %6d %8d %6.1fs  %s%n",
                    r.activity().name(),
                    r.activity().title(),
                    count(r, Observation.Verdict.HELD),
                    count(r, Observation.Verdict.FAILED),
                    count(r, Observation.Verdict.SKIPPED),
                    r.took().toMillis() / 1000.0,
                    r.skipped().isPresent() ? "SKIPPED" : r.held() ? "PASS" : "FAIL");
        }
        List<String> failed = results.stream()
                .filter(r -> !r.held())
                .map(r ->
                        "activity " + r.activity().name() + ": " + r.failures().get(0))
                .toList();
        String skipped = results.stream()
                .filter(r -> r.skipped().isPresent())
                .map(r -> r.activity().name())
                .collect(Collectors.joining(" "));
        if (failed.isEmpty()) {
            System.out.println("lab: every observation held" + (skipped.isEmpty() ? "" : "; skipped: " + skipped));
            return 0;
        }
        failed.forEach(f -> System.err.println("lab: FAILED " + f));
        return 1;
    }

    private static long count(ActivityResult result, Observation.Verdict verdict) {
        return result.observations().stream()
                .filter(o -> o.verdict() == verdict)
                .count();
    }
}
