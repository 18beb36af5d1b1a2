package org.socketlab.lab.draw;

import java.util.Objects;

/**
 * Something an activity asks the student to observe, and whether the run showed it.
 *
 * @param text the observation in one line, e.g. {@code B's 8 bytes are ACKed but not echoed: Recv-Q 8}
 * @param held whether what was captured and what the kernel showed agree with it
 */
public record Observation(String text, boolean held) {

    public Observation {
        Objects.requireNonNull(text, "text");
    }

    /** The line as printed: {@code ✔ text} or {@code ✘ text}. */
    @Override
    public String toString() {
        return (held ? "✔ " : "✘ ") + text;
    }
}
