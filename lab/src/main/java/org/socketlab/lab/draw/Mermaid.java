package org.socketlab.lab.draw;

import java.util.List;
import java.util.Locale;

/**
 * The ladder as a Mermaid {@code sequenceDiagram}, for pasting into a report: a participant per lane, a message per
 * segment ({@code -x} for a RST, dotted for a retransmission or an unanswered SYN), a note over an end where its TCP
 * state changes, and a note across all lanes for an idle gap.
 */
public final class Mermaid {

    private Mermaid() {}

    /** The whole ladder. */
    public static String render(Ladder ladder) {
        List<Endpoint> lanes = ladder.lanes().endpoints();
        List<Segment> segments = ladder.segments();
        StringBuilder out = new StringBuilder("sequenceDiagram\n");
        for (int i = 0; i < lanes.size(); i++) {
            String label = ladder.lanes().label(lanes.get(i));
            out.append("    participant P")
                    .append(i)
                    .append(" as ")
                    .append(text((label.isEmpty() ? "" : label + " ") + lanes.get(i)))
                    .append('\n');
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (i > 0 && s.time() - segments.get(i - 1).time() >= TextLadder.IDLE_GAP && lanes.size() > 1) {
                out.append("    Note over P0,P")
                        .append(lanes.size() - 1)
                        .append(": ")
                        .append(String.format(
                                Locale.ROOT,
                                "%.3f s idle",
                                s.time() - segments.get(i - 1).time()))
                        .append('\n');
            }
            String arrow = s.isRst() ? "-x" : s.retransmission() || s.unanswered() ? "-->>" : "->>";
            StringBuilder message = new StringBuilder(s.label());
            if (s.retransmission()) {
                message.append(" (retransmission)");
            }
            if (s.unanswered()) {
                message.append(" (no answer)");
            }
            out.append("    P")
                    .append(ladder.lanes().indexOf(s.source()))
                    .append(arrow)
                    .append('P')
                    .append(ladder.lanes().indexOf(s.destination()))
                    .append(": ")
                    .append(String.format(Locale.ROOT, "%.6f ", s.time() - ladder.origin()))
                    .append(text(message.toString()))
                    .append('\n');
            ladder.stateLabels(i)
                    .forEach((end, label) -> out.append("    Note over P")
                            .append(ladder.lanes().indexOf(end))
                            .append(": ")
                            .append(text(label))
                            .append('\n'));
        }
        return out.toString();
    }

    /** Mermaid reads {@code ;} and {@code #} as syntax: they are written as entity codes. */
    private static String text(String text) {
        return text.replace("#", "#35;").replace(";", "#59;");
    }
}
