package org.socketlab.options;

/**
 * One {@code NAME=VALUE} as given on a command line ({@code -o TCP_MAXSEG=88}), parsed and range-checked.
 *
 * @param option the option
 * @param value its value, a {@link Boolean} or an {@link Integer}
 */
public record OptionAssignment(SockOpt option, Object value) {

    /**
     * Parses {@code NAME=VALUE}.
     *
     * @throws IllegalArgumentException for a missing '=', an unknown name (listing the valid ones) or a bad value
     *     (stating the allowed values)
     */
    public static OptionAssignment parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("malformed socket option '" + text
                    + "': expected NAME=VALUE, e.g. TCP_MAXSEG=88 (see --list-options)");
        }
        SockOpt option = SockOpt.named(text.substring(0, eq));
        return new OptionAssignment(option, option.parse(text.substring(eq + 1)));
    }

    @Override
    public String toString() {
        return option + "=" + value;
    }
}
