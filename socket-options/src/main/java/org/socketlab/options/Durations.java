package org.socketlab.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people type them: {@code 30s}, {@code 500ms}, {@code 2m}, or ISO-8601 {@code PT30S}. */
public final class Durations {

    private Durations() {}

    /**
     * Parses a positive duration.
     *
     * @param what what the duration is for, e.g. "--idle-timeout", for the message
     * @throws IllegalArgumentException with one line giving examples
     */
    public static Duration parse(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (!d.isNegative() && !d.isZero() && d.toMillis() <= Integer.MAX_VALUE) {
                return d;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "bad duration '" + text + "' for " + what + ": expected e.g. 30s, 500ms or 2m");
    }

    /** A duration as people read it: {@code 3 s}, {@code 1500 ms}, {@code 2 min}. */
    public static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
