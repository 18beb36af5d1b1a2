package org.socketlab.options;

import com.google.common.primitives.Ints;

/** TCP port numbers as people type them. */
public final class Ports {

    private Ports() {}

    /**
     * Parses a port from 1 to 65535.
     *
     * @throws IllegalArgumentException with one line saying what a port must be
     */
    public static int parse(String text) {
        Integer port = text == null ? null : Ints.tryParse(text.trim());
        if (port == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "bad port '" + text + "': a port is a number from 1 to 65535 (ports below 1024 need root)");
        }
        return port;
    }

    /**
     * Parses the port a server listens on: 1 to 65535, or 0 for a free port the kernel picks (the server's
     * waiting line then names it).
     *
     * @throws IllegalArgumentException with one line saying what a port must be
     */
    public static int parseListening(String text) {
        Integer port = text == null ? null : Ints.tryParse(text.trim());
        if (port != null && port == 0) {
            return 0;
        }
        return parse(text);
    }
}
