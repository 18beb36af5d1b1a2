package org.socketlab.lab.draw;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link TcpdumpParser} read: the TCP segments in the order tcpdump printed them, and how many lines it could
 * not read (tcpdump's own messages, other protocols, truncated or garbled lines).
 *
 * @param segments the segments, in input order
 * @param linesRead the number of non-blank input lines
 * @param skippedLines the number of non-blank lines that were not part of a TCP segment
 * @param firstSkipped the first few skipped lines (at most {@link #KEPT_SKIPPED}), to show the user what was skipped
 */
public record ParsedCapture(List<Segment> segments, int linesRead, int skippedLines, List<String> firstSkipped) {

    /** How many skipped lines are kept for messages. */
    public static final int KEPT_SKIPPED = 5;

    public ParsedCapture {
        segments = List.copyOf(segments);
        firstSkipped = List.copyOf(firstSkipped);
    }

    /** Every endpoint, in the order it first appears (as source or destination). */
    public List<Endpoint> endpoints() {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (Segment segment : segments) {
            endpoints.add(segment.source());
            endpoints.add(segment.destination());
        }
        return new ArrayList<>(endpoints);
    }
}
