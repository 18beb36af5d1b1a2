package org.socketlab.lab.draw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every view draws: the segments in order, their lanes, the TCP states inferred from them and the time origin
 * ("time since the first frame"). Views may draw a range of it (one step of an activity) while the states come from
 * everything before.
 *
 * @param segments the segments, in capture order
 * @param lanes one lane per endpoint
 * @param states the states inferred from all the segments
 * @param origin the time shown as 0, in the segments' clock (seconds)
 */
public record Ladder(List<Segment> segments, Lanes lanes, TcpStates states, double origin) {

    public Ladder {
        segments = List.copyOf(segments);
    }

    /**
     * The ladder of a list of segments, time counted from the first.
     *
     * @param labels labels for the endpoints the caller knows (may be empty)
     */
    public static Ladder of(List<Segment> segments, Map<Endpoint, String> labels) {
        return new Ladder(
                segments,
                Lanes.of(segments, labels),
                TcpStates.infer(segments),
                segments.isEmpty() ? 0 : segments.get(0).time());
    }

    /** The ladder of a whole capture, lanes labelled client/server from the SYNs. */
    public static Ladder of(ParsedCapture capture) {
        return of(capture.segments(), Map.of());
    }

    /**
     * The states segment {@code index} brings, as the views write them on each lane it changes: {@code ESTABLISHED},
     * {@code FIN_WAIT_2 → TIME_WAIT} when one segment moves an end twice, and the peer's port where the lane has
     * several connections, e.g. {@code ESTABLISHED (:52589)}.
     */
    public Map<Endpoint, String> stateLabels(int index) {
        Map<Endpoint, String> labels = new LinkedHashMap<>();
        Map<Endpoint, Endpoint> peers = new LinkedHashMap<>();
        for (StateChange change : states.changesAt(index)) {
            labels.merge(change.end(), change.to().name(), (a, b) -> a + " → " + b);
            peers.put(change.end(), change.peer());
        }
        labels.replaceAll((end, text) ->
                lanes.peerCount(end) > 1 ? text + " (:" + peers.get(end).port() + ")" : text);
        return labels;
    }
}
