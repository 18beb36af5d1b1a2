package org.socketlab.lab.draw;

import java.util.Objects;

/**
 * One thing the handout asks a student to observe, checked against the capture and the kernel's view: what the
 * terminal prints under a step and the page shows beside its ladder.
 *
 * @param claim what should be seen, e.g. "B's 8 bytes are ACKed by the server's kernel but not echoed"
 * @param verdict whether it held, did not, held as a later activity expects, or could not be checked here
 * @param seen what was seen ("Recv-Q 8, not yet accepted"), or why it failed or was skipped; may be empty
 */
public record Observation(String claim, Verdict verdict, String seen) {

    public Observation {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(seen, "seen");
    }

    /** The outcome of one observation. */
    public enum Verdict {
        HELD("✔"),
        FAILED("✘"),
        /** Not as this activity expects, but as a later one does: the server is past this stage. */
        AHEAD("»"),
        SKIPPED("-");

        private final String mark;

        Verdict(String mark) {
            this.mark = mark;
        }

        /** ✔, ✘, » or - as printed before the claim. */
        public String mark() {
            return mark;
        }
    }

    /** E.g. {@code ✔ one socket LISTENs on port 8765: 0.0.0.0:8765 LISTEN}. */
    @Override
    public String toString() {
        return verdict.mark() + " " + claim + (seen.isEmpty() ? "" : ": " + seen);
    }
}
