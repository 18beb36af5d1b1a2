package org.socketlab.lab.grading;

import java.util.List;

/**
 * One student's line of results.csv.
 *
 * @param student the folder's name
 * @param build ok or failed
 * @param cells the cells after build, in {@link StudentReport#COLUMNS}' order
 * @param notes what else the class page says: a limit reached, the wall time, processes left and killed
 */
public record StudentRow(String student, String build, List<String> cells, List<String> notes) {

    /** Whether it built and every activity held (PASS or AHEAD). */
    public boolean allHeld() {
        return build.equals("ok")
                && cells.subList(0, 9).stream().allMatch(c -> Verdict.valueOf(c).held());
    }

    /** The CSV line: student, build, then the cells. */
    public String csv() {
        return student + "," + build + "," + String.join(",", cells);
    }
}
