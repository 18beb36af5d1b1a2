package org.socketlab.lab.grading;

/**
 * One property of a student's program, as the kernel or the wire showed it.
 *
 * @param value what the results table shows: yes, no, a number, none, or unknown
 * @param seen how it was seen, or why it could not be, in a few words
 */
public record Fact(String value, String seen) {

    /** A property that could not be read here, saying why. */
    public static Fact unknown(String why) {
        return new Fact("unknown", why);
    }

    /** A yes or no. */
    public static Fact of(boolean yes, String seen) {
        return new Fact(yes ? "yes" : "no", seen);
    }

    /** Whether the value is yes. */
    public boolean yes() {
        return value.equals("yes");
    }
}
