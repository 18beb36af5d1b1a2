package org.socketlab.lab.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.grading.ClassCheck;
import org.socketlab.lab.grading.ClientCheck;
import org.socketlab.lab.grading.Fact;
import org.socketlab.lab.grading.Standing;
import org.socketlab.lab.grading.StandingProbe;
import org.socketlab.lab.grading.StudentReport;
import org.socketlab.lab.grading.TestedClient;
import org.socketlab.lab.grading.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lab check}: where the server stands, then every activity in a row against it, then a summary table; or,
 * with {@code --submissions}, the same for every student of a class, each in a box of its own.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Read where the server stands (close, SO_REUSEADDR, backlog, ...), run the activities (all, "
                + "or those named) against it and check each observation; a summary table at the end.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every observation held (AHEAD: as a later activity expects)",
            "1:an observation did not hold (named)",
            "2:it could not run",
            "3:nothing failed, but some observations were not made (PARTIAL, SKIPPED)"
        })
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

    @Option(
            names = "--client-cmd",
            paramLabel = "\"COMMAND {host} {port}\"",
            description = "Also check this client where activities 3 and 9 run ours, e.g. \"./EchoClient {host} "
                    + "{port}\": its SYN's MSS, its end at EOF and when the server closes.")
    String clientCommand;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write the results to DIR: index.html (observations, ladders), junit.xml, results.json "
                    + "(Gradescope); with --submissions, results.csv and a page for the class.")
    Path report;

    @Option(
            names = "--submissions",
            paramLabel = "DIR",
            description = "Check a class: DIR holds a folder per student with a Makefile that builds EchoServer_seq "
                    + "(and EchoClient); each is built and checked as an unprivileged user in a network namespace "
                    + "of its own, with limits (root).")
    Path submissions;

    @Option(
            names = "--student",
            paramLabel = "NAME",
            description = "The student's name in the report (default: the report folder's name).")
    String student;

    @Override
    public Integer call() {
        if (submissions != null) {
            return checkClass();
        }
        List<Activity> activities = new ArrayList<>();
        BenchOptions.Setup setup;
        TestedClient client;
        try {
            for (String activity : only) {
                activities.add(LabMain.activity(which.lab, activity));
            }
            setup = bench.setUp(which.lab);
            client = clientCommand == null ? null : new TestedClient(clientCommand);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return LabMain.fail(e.getMessage(), e, bench.verbose);
        }
        if (activities.isEmpty()) {
            activities.addAll(Activities.forLab(which.lab));
        }
        System.out.println("Checking " + setup.server() + (client == null ? "" : " and " + client.command())
                + " against activities "
                + activities.stream().map(Activity::name).collect(Collectors.joining(" ")));
        // Where the server stands is lab 1's question: its echo server at the stages of the handout.
        boolean labOne = which.lab == 1 && activities.stream().anyMatch(a -> a.number() > 0);
        if (report != null && !labOne) {
            return LabMain.fail(
                    "--report writes lab 1's report (where the server stands, its activities): check lab 1's"
                            + " activities, without --lab 2 or 3 or only the cheat sheet's names",
                    null,
                    false);
        }
        Standing standing = null;
        ClientCheck.Result clientResult = null;
        try (Lab lab = setup.newLab()) {
            standing = labOne ? new StandingProbe(lab, setup.server()).probe() : null;
            if (client != null) {
                clientResult = new ClientCheck(lab, client, BenchOptions.canCapture()).run();
                standing = standing == null ? null : standing.withClientMss(clientResult.mss());
            }
        } catch (RuntimeException e) {
            return LabMain.fail("cannot read where the server stands: " + e.getMessage(), e, bench.verbose);
        }
        List<ActivityResult> results = new ArrayList<>();
        for (Activity activity : activities) {
            try (Lab lab = setup.newLab()) {
                ActivityResult result = activity.run(lab, bench.settings(setup.server(), activity), step -> {});
                if (clientResult != null && labOne && activity.number() == 3) {
                    result = StudentReport.withStep(result, clientResult.atEof());
                }
                if (clientResult != null && labOne && activity.number() == 9) {
                    result = StudentReport.withStep(result, clientResult.maxSeg());
                }
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
        if (standing != null) {
            System.out.println();
            System.out.println("Where the server stands:");
            for (Map.Entry<String, Fact> fact : standing.byLabel().entrySet()) {
                System.out.printf(
                        "  %-38s %-8s %s%n",
                        fact.getKey(), fact.getValue().value(), fact.getValue().seen());
            }
        }
        int status = summary(results);
        if (report != null && standing != null) { // a report without lab 1's standing was refused above
            try {
                writeReport(setup.server().toString(), results, standing);
            } catch (IOException e) {
                return LabMain.fail(
                        "cannot write the report in " + report + ": " + e.getMessage() + "; give a writable folder",
                        e,
                        bench.verbose);
            }
            System.out.println("lab: wrote " + report.resolve("index.html"));
        }
        return status;
    }

    private void writeReport(String server, List<ActivityResult> results, Standing standing) throws IOException {
        Files.createDirectories(report);
        for (ActivityResult result : results) {
            Pages.write(report.resolve(StudentReport.pageOf(result)), server, result);
        }
        String name = student != null
                ? student
                : report.toAbsolutePath().getFileName().toString();
        StudentReport.write(report, name, server, results, standing);
    }

    /** Every student of the class, each checked by a {@code lab check} of its own in a box. */
    private int checkClass() {
        if (report == null) {
            return LabMain.fail("--submissions needs --report OUT, the folder the results go to", null, false);
        }
        try {
            Jars jars = Jars.locate(Optional.ofNullable(bench.jars));
            List<String> check = new ArrayList<>(
                    new Lab(jars.server().toString(), jars.client().toString())
                            .javaCommand(
                                    List.of(
                                            "-XX:+UseSerialGC",
                                            "-XX:-UsePerfData",
                                            "-Decho.server.jar=" + jars.server().toAbsolutePath(),
                                            "-Decho.client.jar=" + jars.client().toAbsolutePath()),
                                    selfJar().toString(),
                                    "check"));
            check.addAll(only);
            return new ClassCheck(submissions, report, check).run(System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return LabMain.fail(e.getMessage(), e, bench.verbose);
        } catch (IOException e) {
            return LabMain.fail("cannot write the report in " + report + ": " + e.getMessage(), e, bench.verbose);
        }
    }

    private static Path selfJar() {
        try {
            return Path.of(CheckCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find lab.jar to run each student's check", e);
        }
    }

    /** The summary table, each verdict's reason under it, and the exit status: 0 only when every observation held. */
    private static int summary(List<ActivityResult> results) {
        System.out.println();
        System.out.printf(
                "%-10s %-52s %5s %6s %8s %7s  %s%n", "#", "activity", "held", "failed", "skipped", "time", "verdict");
        for (ActivityResult r : results) {
            Verdict verdict = Verdict.of(r);
            System.out.printf(
                    "%-10s %-52s %5d %6d %8d %6.1fs  %s%n",
                    r.activity().name(),
                    r.activity().title(),
                    count(r, Observation.Verdict.HELD) + count(r, Observation.Verdict.AHEAD),
                    count(r, Observation.Verdict.FAILED),
                    count(r, Observation.Verdict.SKIPPED),
                    r.took().toMillis() / 1000.0,
                    verdict);
            if (verdict != Verdict.PASS && verdict != Verdict.FAIL) {
                System.out.println("    " + verdict + ": " + Verdict.reason(r));
            }
        }
        List<String> failed = results.stream()
                .filter(r -> Verdict.of(r) == Verdict.FAIL)
                .map(r -> "activity " + r.activity().name() + ": " + Verdict.reason(r))
                .toList();
        String unseen = results.stream()
                .filter(r -> !Verdict.of(r).held() && Verdict.of(r) != Verdict.FAIL)
                .map(r -> r.activity().name() + " " + Verdict.of(r))
                .collect(Collectors.joining(", "));
        if (!failed.isEmpty()) {
            failed.forEach(f -> System.err.println("lab: FAILED " + f));
            return 1;
        }
        if (!unseen.isEmpty()) {
            System.err.println("lab: nothing failed, but not everything was seen (" + unseen + "): see why above");
            return 3;
        }
        System.out.println("lab: every observation held");
        return 0;
    }

    private static long count(ActivityResult result, Observation.Verdict verdict) {
        return result.observations().stream()
                .filter(o -> o.verdict() == verdict)
                .count();
    }
}
