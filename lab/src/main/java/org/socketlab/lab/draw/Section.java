package org.socketlab.lab.draw;

import java.util.List;
import java.util.Objects;

/**
 * One step of an activity on a {@link HtmlPage}: what was done, the segments captured during it, the kernel's view
 * after it and what the student should observe.
 *
 * @param title the step's heading, e.g. {@code client B connects and sends "B waits"}
 * @param narration lines of explanation shown under the heading (may be empty)
 * @param segments the segments captured during the step, in capture order
 * @param sockets the kernel's view after the step as {@code ss -tan} prints it, a heading and a line per socket,
 *     shown as the aligned table the terminal shows (may be empty)
 * @param snapshot the sockets the kernel showed after the step (may be empty): inferred states are marked confirmed
 *     or contradicted against it
 * @param observations the step's observations with ✔/✘ (may be empty)
 */
public record Section(
        String title,
        List<String> narration,
        List<Segment> segments,
        List<String> sockets,
        List<SocketState> snapshot,
        List<Observation> observations) {

    public Section {
        Objects.requireNonNull(title, "title");
        narration = List.copyOf(narration);
        segments = List.copyOf(segments);
        sockets = List.copyOf(sockets);
        snapshot = List.copyOf(snapshot);
        observations = List.copyOf(observations);
    }

    /** A section of segments only: what {@code lab draw --html} writes for a capture file. */
    public static Section of(String title, List<Segment> segments) {
        return new Section(title, List.of(), segments, List.of(), List.of(), List.of());
    }
}
