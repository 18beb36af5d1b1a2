package org.socketlab.lab.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The class at a glance: {@code results.csv}, one row per student, and {@code index.html}, linking each student. */
final class ClassReport {
    /** results.csv's header. */
    static final String HEADER = "student,build," + String.join(",", StudentReport.COLUMNS);

    private ClassReport() {}

    static void write(Path out, List<StudentRow> rows, Duration took) throws IOException {
        List<String> csv = new ArrayList<>(List.of(HEADER));
        rows.forEach(r -> csv.add(r.csv()));
        Files.write(out.resolve("results.csv"), csv);
        StringBuilder html = new StringBuilder(Markup.head("Sockets lab 1: the class"));
        html.append(String.format(
                "<p>%d students checked in %.0f s. Each cell is an activity's verdict: PASS, FAIL, AHEAD (past "
                        + "that stage: a later activity's change), PARTIAL (not everything was seen), SKIPPED. The "
                        + "last columns are where each server stands, read from the kernel and the wire.</p>%n",
                rows.size(), took.toMillis() / 1000.0));
        html.append("<table>\n<tr>");
        for (String column : HEADER.split(",")) {
            html.append("<th>").append(column).append("</th>");
        }
        html.append("<th>notes</th></tr>\n");
        for (StudentRow row : rows) {
            html.append("<tr><td><a href=\"")
                    .append(Markup.xml(row.student()))
                    .append("/index.html\">")
                    .append(Markup.xml(row.student()))
                    .append("</a></td><td class=\"")
                    .append(row.build().equals("ok") ? "PASS" : "FAIL")
                    .append("\">")
                    .append(row.build())
                    .append("</td>");
            for (int i = 0; i < row.cells().size(); i++) {
                String cell = row.cells().get(i);
                html.append(i < 9 ? "<td class=\"" + cell + "\">" : "<td>")
                        .append(Markup.xml(cell))
                        .append("</td>");
            }
            html.append("<td>")
                    .append(Markup.xml(String.join("; ", row.notes())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Files.writeString(out.resolve("index.html"), html);
    }
}
