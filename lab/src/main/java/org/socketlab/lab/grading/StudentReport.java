package org.socketlab.lab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Observation;

/**
 * One student's results in the forms instructors' tools read: {@code index.html} (where the server stands, each
 * activity's verdict and observations, a link to each activity's page with the ladder of the captured frames),
 * {@code junit.xml} (one test case per observation), {@code results.json} (Gradescope's autograder format, one test
 * per activity) and {@code row.csv} (the student's cells of the class's results.csv).
 */
public final class StudentReport {
    /** results.csv's columns after student and build. */
    public static final List<String> COLUMNS = List.of(
            "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "closes", "reuseaddr", "backlog", "client_mss");

    private StudentReport() {}

    /** The result with one more step at its end, numbered after the others (the student's client's). */
    public static ActivityResult withStep(ActivityResult result, StepReport step) {
        List<StepReport> steps = new ArrayList<>(result.steps());
        steps.add(new StepReport(
                steps.size() + 1, step.what(), step.sockets(), step.frames(), step.names(), step.observations()));
        return new ActivityResult(result.activity(), steps, result.skipped(), result.took(), result.series());
    }

    /** The file name of an activity's page, e.g. {@code activity-3.html}. */
    public static String pageOf(ActivityResult result) {
        return "activity-" + result.activity().name() + ".html";
    }

    /** Writes index.html, junit.xml, results.json and row.csv into {@code dir}. */
    public static void write(Path dir, String student, String server, List<ActivityResult> results, Standing standing)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), html(student, server, results, standing));
        Files.writeString(dir.resolve("junit.xml"), junit(student, results));
        Files.writeString(dir.resolve("results.json"), gradescope(results, standing));
        Files.writeString(dir.resolve("row.csv"), String.join(",", cells(results, standing)) + "\n");
    }

    /** The student's cells, in {@link #COLUMNS}' order: an activity not run reads SKIPPED. */
    static List<String> cells(List<ActivityResult> results, Standing standing) {
        List<String> cells = new ArrayList<>();
        for (int number = 1; number <= 9; number++) {
            int n = number;
            cells.add(results.stream()
                    .filter(r -> r.activity().number() == n)
                    .findFirst()
                    .map(r -> Verdict.of(r).name())
                    .orElse(Verdict.SKIPPED.name()));
        }
        cells.add(standing.closes().value());
        cells.add(standing.reuseAddress().value());
        cells.add(standing.backlog().value());
        cells.add(standing.clientMss().value());
        return cells;
    }

    private static String html(String student, String server, List<ActivityResult> results, Standing standing) {
        StringBuilder html = new StringBuilder(Markup.head(student));
        html.append("<p>Server: <code>").append(Markup.xml(server)).append("</code></p>\n");
        html.append("<h2>Where the server stands</h2>\n<table>\n");
        for (Map.Entry<String, Fact> fact : standing.byLabel().entrySet()) {
            html.append("<tr><th>")
                    .append(Markup.xml(fact.getKey()))
                    .append("</th><td>")
                    .append(Markup.xml(fact.getValue().value()))
                    .append("</td><td>")
                    .append(Markup.xml(fact.getValue().seen()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Activities</h2>\n<table>\n<tr><th>#</th><th>activity</th><th>verdict</th>"
                + "<th>why</th><th>frames</th></tr>\n");
        for (ActivityResult r : results) {
            Verdict verdict = Verdict.of(r);
            html.append("<tr><td>")
                    .append(r.activity().number())
                    .append("</td><td><a href=\"#a")
                    .append(r.activity().number())
                    .append("\">")
                    .append(Markup.xml(r.activity().title()))
                    .append("</a></td><td class=\"")
                    .append(verdict)
                    .append("\">")
                    .append(verdict)
                    .append("</td><td>")
                    .append(Markup.xml(Verdict.reason(r)))
                    .append("</td><td><a href=\"")
                    .append(pageOf(r))
                    .append("\">ladder</a></td></tr>\n");
        }
        html.append("</table>\n");
        for (ActivityResult r : results) {
            html.append("<h3 id=\"a")
                    .append(r.activity().number())
                    .append("\">")
                    .append(Markup.xml(r.activity().toString()))
                    .append(" <span class=\"")
                    .append(Verdict.of(r))
                    .append("\">")
                    .append(Verdict.of(r))
                    .append("</span></h3>\n<p><i>")
                    .append(Markup.xml(r.activity().question()))
                    .append("</i> (<a href=\"")
                    .append(pageOf(r))
                    .append("\">the ladder of the frames captured</a>)</p>\n<ul>\n");
            r.skipped()
                    .ifPresent(why ->
                            html.append("<li>skipped: ").append(Markup.xml(why)).append("</li>\n"));
            for (StepReport step : r.steps()) {
                html.append("<li>")
                        .append(step.number())
                        .append(". ")
                        .append(Markup.xml(step.what()))
                        .append("<ul>\n");
                for (Observation o : step.observations()) {
                    html.append("<li")
                            .append(o.verdict() == Observation.Verdict.FAILED ? " class=\"failed\"" : "")
                            .append(">")
                            .append(Markup.xml(o.toString()))
                            .append("</li>\n");
                }
                html.append("</ul></li>\n");
            }
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String junit(String student, List<ActivityResult> results) {
        List<Observation> all =
                results.stream().flatMap(r -> r.observations().stream()).toList();
        long failures = all.stream()
                .filter(o -> o.verdict() == Observation.Verdict.FAILED)
                .count();
        long skipped = all.stream()
                        .filter(o -> o.verdict() == Observation.Verdict.SKIPPED)
                        .count()
                + results.stream().filter(r -> r.skipped().isPresent()).count();
        double seconds = results.stream()
                        .map(ActivityResult::took)
                        .mapToLong(Duration::toMillis)
                        .sum()
                / 1000.0;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append(String.format(
                "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">%n",
                Markup.xml(student),
                all.size()
                        + results.stream().filter(r -> r.skipped().isPresent()).count(),
                failures,
                skipped,
                seconds));
        for (ActivityResult r : results) {
            String suite = Markup.xml("activity " + r.activity());
            if (r.skipped().isPresent()) {
                xml.append("  <testcase classname=\"")
                        .append(suite)
                        .append("\" name=\"the activity runs\"><skipped message=\"")
                        .append(Markup.xml(r.skipped().get()))
                        .append("\"/></testcase>\n");
            }
            for (Observation o : r.observations()) {
                xml.append("  <testcase classname=\"")
                        .append(suite)
                        .append("\" name=\"")
                        .append(Markup.xml(o.claim()))
                        .append("\">");
                switch (o.verdict()) {
                    case FAILED ->
                        xml.append("<failure message=\"")
                                .append(Markup.xml(o.seen()))
                                .append("\"/>");
                    case SKIPPED ->
                        xml.append("<skipped message=\"")
                                .append(Markup.xml(o.seen()))
                                .append("\"/>");
                    case AHEAD ->
                        xml.append("<system-out>AHEAD: ")
                                .append(Markup.xml(o.seen()))
                                .append("</system-out>");
                    case HELD ->
                        xml.append("<system-out>").append(Markup.xml(o.seen())).append("</system-out>");
                }
                xml.append("</testcase>\n");
            }
        }
        return xml.append("</testsuite>\n").toString();
    }

    /** Gradescope's results.json: a point for each activity that held (PASS or AHEAD). */
    private static String gradescope(List<ActivityResult> results, Standing standing) {
        List<String> tests = new ArrayList<>();
        for (ActivityResult r : results) {
            Verdict verdict = Verdict.of(r);
            String output = verdict + (Verdict.reason(r).isEmpty() ? "" : ": " + Verdict.reason(r)) + "\n"
                    + r.observations().stream().map(Observation::toString).collect(Collectors.joining("\n"));
            tests.add("    {\"name\": " + Markup.json("Activity " + r.activity()) + ", \"status\": "
                    + Markup.json(verdict.held() ? "passed" : "failed") + ", \"score\": " + (verdict.held() ? 1 : 0)
                    + ", \"max_score\": 1, \"output\": " + Markup.json(output) + "}");
        }
        long score = results.stream().filter(r -> Verdict.of(r).held()).count();
        String where = standing.byLabel().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().value())
                .collect(Collectors.joining("; "));
        return "{\n  \"score\": " + score + ",\n  \"max_score\": " + results.size() + ",\n  \"output\": "
                + Markup.json("Where the server stands: " + where) + ",\n  \"tests\": [\n"
                + String.join(",\n", tests) + "\n  ]\n}\n";
    }

    /** Reads a student's row.csv back, if the check wrote one. */
    static Optional<List<String>> readRow(Path dir) throws IOException {
        Path row = dir.resolve("row.csv");
        if (!Files.isRegularFile(row)) {
            return Optional.empty();
        }
        List<String> cells = List.of(Files.readString(row).trim().split(",", -1));
        return cells.size() == COLUMNS.size() ? Optional.of(cells) : Optional.empty();
    }
}
