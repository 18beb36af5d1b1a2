package org.socketlab.lab.draw;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The ladder for a terminal: a column per endpoint, time running down, one arrow per segment labelled with
 * {@link Segment#label()}, the seconds since the first frame on the left, and under an arrow the TCP state of each
 * end it changes. RSTs, retransmissions and unanswered SYNs are named at the end of their row; idle gaps of
 * {@link #IDLE_GAP} seconds or more get a row of their own saying how long.
 *
 * <pre>
 *   time (s)  client                          server
 *             127.0.0.1:55104                 127.0.0.1:8765
 *   0.000000  |--[S] seq 0 mss 88------------&gt;|
 *             SYN_SENT                        LISTEN
 * </pre>
 */
public final class TextLadder {

    /** The idle time, in seconds, from which the gap between two rows is written as a row. */
    public static final double IDLE_GAP = 0.2;

    private static final int TIME_WIDTH = 11;
    private static final int MIN_GAP = 24;
    /** Room after the last lane for its state, e.g. {@code CLOSE_WAIT → LAST_ACK (:52589)}. */
    private static final int STATE_ROOM = 40;

    private TextLadder() {}

    /** The whole ladder. */
    public static String render(Ladder ladder) {
        return render(ladder, 0, ladder.segments().size());
    }

    /**
     * The rows of segments {@code from} (inclusive) to {@code to} (exclusive), under the lanes' header; the states come
     * from the whole ladder, the lanes' spacing from every segment before {@code to}.
     *
     * @throws IndexOutOfBoundsException if the range is not within the segments
     */
    public static String render(Ladder ladder, int from, int to) {
        return render(ladder, from, to, false);
    }

    /** The same rows, each label ending with the advertised window when {@code windows} is set ({@code win 512}). */
    public static String render(Ladder ladder, int from, int to, boolean windows) {
        List<Segment> segments = ladder.segments();
        if (from < 0 || to > segments.size() || from > to) {
            throw new IndexOutOfBoundsException("segments " + from + " to " + to + " of " + segments.size());
        }
        List<Endpoint> lanes = ladder.lanes().endpoints();
        // Spaced for every segment so far, so that a step's lanes stand where the steps before drew them.
        int gap = gap(ladder, 0, to, windows);
        int width = TIME_WIDTH + gap * Math.max(0, lanes.size() - 1) + 1;
        StringBuilder out = new StringBuilder();
        line(
                out,
                pad("time (s)", TIME_WIDTH)
                        + row(lanes, gap, width, e -> ladder.lanes().label(e)));
        line(out, " ".repeat(TIME_WIDTH) + row(lanes, gap, width, Endpoint::toString));
        for (int i = from; i < to; i++) {
            Segment s = segments.get(i);
            if (i > from && s.time() - segments.get(i - 1).time() >= IDLE_GAP) {
                char[] idle = lanesOnly(lanes.size(), gap, width, ':');
                line(
                        out,
                        pad("", TIME_WIDTH)
                                + new String(idle)
                                + String.format(
                                        Locale.ROOT,
                                        "  (%.3f s idle)",
                                        s.time() - segments.get(i - 1).time()));
            }
            line(
                    out,
                    pad(String.format(Locale.ROOT, "%.6f", s.time() - ladder.origin()), TIME_WIDTH)
                            + arrow(ladder, s, gap, width, windows)
                            + marks(s));
            Map<Integer, String> states = new LinkedHashMap<>();
            ladder.stateLabels(i)
                    .forEach((end, text) -> states.put(ladder.lanes().indexOf(end), text));
            if (!states.isEmpty()) {
                char[] row = new char[width + gap + STATE_ROOM];
                Arrays.fill(row, ' ');
                states.forEach((lane, text) ->
                        write(row, lane * gap, text, lane == lanes.size() - 1 ? row.length - lane * gap : gap - 1));
                line(out, " ".repeat(TIME_WIDTH) + new String(row));
            }
        }
        return out.toString();
    }

    /** The columns between two lanes: room for each arrow's label over the lanes it spans, and each heading. */
    private static int gap(Ladder ladder, int from, int to, boolean windows) {
        int gap = MIN_GAP;
        for (int i = from; i < to; i++) {
            Segment s = ladder.segments().get(i);
            int span =
                    Math.abs(ladder.lanes().indexOf(s.source()) - ladder.lanes().indexOf(s.destination()));
            gap = Math.max(gap, (s.label(windows).length() + 6 + span - 1) / Math.max(1, span));
        }
        for (Endpoint e : ladder.lanes().endpoints()) {
            gap = Math.max(
                    gap, Math.max(e.toString().length(), ladder.lanes().label(e).length()) + 2);
        }
        return gap;
    }

    private static String arrow(Ladder ladder, Segment s, int gap, int width, boolean windows) {
        char[] row = lanesOnly(ladder.lanes().endpoints().size(), gap, width, '|');
        int a = ladder.lanes().indexOf(s.source()) * gap;
        int b = ladder.lanes().indexOf(s.destination()) * gap;
        int left = Math.min(a, b);
        int right = Math.max(a, b);
        for (int c = left + 1; c < right; c++) {
            row[c] = '-';
        }
        if (b > a) {
            row[right - 1] = '>';
        } else {
            row[left + 1] = '<';
        }
        write(row, left + 3, s.label(windows), right - left - 5);
        return new String(row);
    }

    private static String marks(Segment s) {
        StringBuilder marks = new StringBuilder();
        if (s.isRst()) {
            marks.append("  RST");
        }
        if (s.retransmission()) {
            marks.append("  retransmission");
        }
        if (s.unanswered()) {
            marks.append("  no answer");
        }
        return marks.toString();
    }

    private static char[] lanesOnly(int lanes, int gap, int width, char mark) {
        char[] row = new char[width];
        Arrays.fill(row, ' ');
        for (int lane = 0; lane < lanes; lane++) {
            row[lane * gap] = mark;
        }
        return row;
    }

    private static String row(List<Endpoint> lanes, int gap, int width, Function<Endpoint, String> text) {
        char[] row = new char[width + gap];
        Arrays.fill(row, ' ');
        for (int lane = 0; lane < lanes.size(); lane++) {
            write(row, lane * gap, text.apply(lanes.get(lane)), gap - 1);
        }
        return new String(row);
    }

    private static void write(char[] row, int at, String text, int max) {
        String fitted = text.length() > max ? text.substring(0, Math.max(0, max)) : text;
        fitted.getChars(0, fitted.length(), row, at);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    private static void line(StringBuilder out, String line) {
        out.append(line.stripTrailing()).append('\n');
    }
}
