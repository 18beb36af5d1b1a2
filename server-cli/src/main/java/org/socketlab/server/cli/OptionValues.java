package org.socketlab.server.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The values of the server programs' options, parsed from the text typed, each failure one line naming the option. */
public final class OptionValues {

    private OptionValues() {}

    /**
     * Parses a local address to bind, as typed: a name, an IPv4 address, or an IPv6 address with or without
     * brackets. {@code ::} listens on every IPv6 and, dual-stack, every IPv4 address.
     *
     * @throws IllegalArgumentException with one line, if it is empty or does not resolve
     */
    public static InetAddress bindAddress(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty --bind address: give an address of this machine, e.g. 127.0.0.1");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown --bind address '" + text + "': give an address of this machine,"
                    + " e.g. 127.0.0.1 or ::1");
        }
    }

    /**
     * Parses a count of at least 1 (a backlog, a number of workers).
     *
     * @throws IllegalArgumentException naming the option, if it is not a whole number of at least 1
     */
    public static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad value '" + text + "' for " + option + ": expected a whole number >= 1");
    }
}
