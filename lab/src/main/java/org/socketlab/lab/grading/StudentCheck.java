package org.socketlab.lab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * One student of a class: the submission copied where only the student's user may write, built with make in the
 * box, then checked by a {@code lab check} in the box; what the student's user left running is counted and
 * killed (the pid namespace should have left nothing).
 */
final class StudentCheck {
    private final Path submission;
    private final Path report;
    private final Path work;
    private final Sandbox box;
    private final List<String> check;
    private final String student;

    StudentCheck(Path submission, Path out, Path classWork, Sandbox box, List<String> check) {
        this.submission = submission;
        this.student = submission.getFileName().toString();
        this.report = out.resolve(student);
        this.work = classWork.resolve(student);
        this.box = box;
        this.check = check;
    }

    StudentRow run() throws IOException, InterruptedException {
        ClassCheck.deleteQuietly(report);
        Files.createDirectories(report);
        List<String> notes = new ArrayList<>();
        copy(submission, work);
        exec(List.of("chown", "-R", box.uid() + ":" + box.uid(), work.toString()), null);
        ProcessWatch watch = new ProcessWatch(box.uid());
        watch.start();
        try {
            List<String> make = new ArrayList<>(box.box(box.limits().build()));
            make.addAll(box.asStudent());
            make.add("make");
            int status = exec(make, report.resolve("build.log"));
            Path server = work.resolve(ClassCheck.SERVER);
            if (status != 0 || !Files.isExecutable(server)) {
                notes.add(
                        status == 137
                                ? "the build ran past " + box.limits().build().toSeconds() + " s and was killed"
                                : "make exited with status " + status
                                        + (Files.isExecutable(server) ? "" : " without building " + ClassCheck.SERVER));
                StudentRow row = failedBuild(notes);
                writeBuildPage(row);
                return row;
            }
            List<String> command = new ArrayList<>(box.box(box.limits().check()));
            command.addAll(check);
            command.addAll(List.of("--server-cmd", box.asStudentLine() + " ./" + ClassCheck.SERVER + " {port}"));
            if (Files.isExecutable(work.resolve(ClassCheck.CLIENT))) {
                command.addAll(
                        List.of("--client-cmd", box.asStudentLine() + " ./" + ClassCheck.CLIENT + " {host} {port}"));
            }
            command.addAll(List.of("--report", report.toAbsolutePath().toString(), "--student", student));
            int checked = exec(command, report.resolve("check.log"));
            if (checked == 137) {
                notes.add("the check ran past its wall time of "
                        + box.limits().check().toSeconds() + " s and was killed");
            } else if (checked == 2) {
                notes.add("the check could not run: see check.log");
            }
        } finally {
            watch.stop();
            int left = watch.killLeft();
            if (left > 0) {
                notes.add(left + " processes of the student's user outlived the check and were killed");
            }
            if (watch.peak() >= box.limits().processes()) {
                notes.add("reached the limit of " + box.limits().processes() + " processes (RLIMIT_NPROC)");
            }
            ClassCheck.deleteQuietly(work);
        }
        List<String> cells = StudentReport.readRow(report).orElseGet(() -> {
            notes.add("no results: see check.log");
            return unknownCells();
        });
        return new StudentRow(student, "ok", cells, notes);
    }

    private StudentRow failedBuild(List<String> notes) {
        return new StudentRow(student, "failed", unknownCells(), notes);
    }

    private static List<String> unknownCells() {
        List<String> cells = new ArrayList<>(Collections.nCopies(9, Verdict.SKIPPED.name()));
        cells.addAll(List.of("unknown", "unknown", "unknown", "none"));
        return cells;
    }

    /** The failed build in each of the report's forms: the page with the log, a failed test case, a score of 0. */
    private void writeBuildPage(StudentRow row) throws IOException {
        Path buildLog = report.resolve("build.log");
        String log = Files.isRegularFile(buildLog) ? Files.readString(buildLog) : "";
        String why = String.join("; ", row.notes());
        Files.writeString(
                report.resolve("index.html"),
                Markup.head(student) + "<p class=\"FAIL\">The build failed: " + Markup.xml(why) + "</p>\n<pre>"
                        + Markup.xml(log) + "</pre>\n</body></html>\n");
        Files.writeString(
                report.resolve("junit.xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + Markup.xml(student)
                        + "\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n  <testcase classname=\"build\" "
                        + "name=\"make builds " + ClassCheck.SERVER + "\"><failure message=\"" + Markup.xml(why)
                        + "\"/></testcase>\n</testsuite>\n");
        Files.writeString(
                report.resolve("results.json"),
                "{\n  \"score\": 0,\n  \"output\": " + Markup.json("The build failed: " + why + "\n" + log)
                        + ",\n  \"tests\": []\n}\n");
    }

    /** Runs a command in the work folder, its output to {@code log}; returns its exit status. */
    private int exec(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.redirectOutput(
                log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        // The box's own timeout kills first; this bound only guards against a box that does not start.
        if (!ClassCheck.waitFor(process, box.limits().check().plusSeconds(30))) {
            return 137;
        }
        return process.exitValue();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(source)) {
                    Files.copy(source, target);
                }
            }
        }
    }
}
