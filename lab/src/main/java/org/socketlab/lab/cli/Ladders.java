package org.socketlab.lab.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Endpoint;
import org.socketlab.lab.draw.Ladder;
import org.socketlab.lab.draw.ParsedCapture;
import org.socketlab.lab.draw.Segment;
import org.socketlab.lab.draw.TcpdumpParser;
import org.socketlab.lab.draw.TextLadder;

/**
 * The frames of an activity's steps as text ladders: each step draws its own rows, with the lanes and the TCP
 * states of the whole run so far, so that a connection opened in one step is ESTABLISHED in the next. A step of
 * thousands of segments (a bulk transfer) draws its first rows and those around its first retransmission.
 */
final class Ladders {
    /** More segments than this in one step, and only an excerpt is drawn. */
    static final int MOST = 60;

    private static final int HEAD = 12;
    private static final int BEFORE_RETRANSMISSION = 24;
    private static final int AFTER_RETRANSMISSION = 12;

    private final List<String> lines = new ArrayList<>();
    private final boolean windows;

    /** Ladders whose labels end with the advertised window when {@code windows} is set. */
    Ladders(boolean windows) {
        this.windows = windows;
    }

    /** The ladder rows of one step's frames. */
    List<String> draw(StepReport step) {
        int before = TcpdumpParser.parse(lines).segments().size();
        lines.addAll(step.frames());
        ParsedCapture all = TcpdumpParser.parse(lines);
        Ladder ladder = Ladder.of(all.segments(), labels(all, step.names()));
        List<String> rows = new ArrayList<>();
        int drawn = before;
        for (int[] range : shown(all.segments(), before, all.segments().size())) {
            if (range[0] > drawn) {
                rows.add("... " + (range[0] - drawn) + " segments not drawn (lab run --capture FILE keeps them) ...");
            }
            List<String> part = TextLadder.render(ladder, range[0], range[1], windows)
                    .lines()
                    .toList();
            // The lanes' two header lines once, above the first part.
            rows.addAll(rows.isEmpty() ? part : part.subList(2, part.size()));
            drawn = range[1];
        }
        if (all.segments().size() > drawn) {
            rows.add("... " + (all.segments().size() - drawn) + " segments not drawn ...");
        }
        return rows;
    }

    /**
     * The ranges {@code [from, to)} of segments {@code from} to {@code to} worth drawing: all of them, or for more
     * than {@link #MOST} the first few and those around the first retransmission.
     */
    static List<int[]> shown(List<Segment> segments, int from, int to) {
        if (to - from <= MOST) {
            return List.of(new int[] {from, to});
        }
        int head = from + HEAD;
        for (int i = head; i < to; i++) {
            if (segments.get(i).retransmission()) {
                int start = Math.max(head, i - BEFORE_RETRANSMISSION);
                return List.of(new int[] {from, head}, new int[] {start, Math.min(to, i + AFTER_RETRANSMISSION)});
            }
        }
        return List.of(new int[] {from, head});
    }

    /** Lane labels for the endpoints whose port the run named: "server", "client A". */
    static Map<Endpoint, String> labels(ParsedCapture capture, Map<Integer, String> names) {
        Map<Endpoint, String> labels = new HashMap<>();
        for (Endpoint endpoint : capture.endpoints()) {
            String name = names.get(endpoint.port());
            if (name != null) {
                labels.put(endpoint, name);
            }
        }
        return labels;
    }
}
