package org.socketlab.server;

import java.util.Map;
import java.util.Optional;

/**
 * How a program names the settings that the library's lines mention, so that a line can say which switch changes
 * what it reports, e.g. {@code raise the limit with ulimit -n, or lower --max-connections}. The library knows no
 * command line: with {@link #NONE} its lines state the fact alone.
 *
 * @param names the switch of each setting the program has, e.g. {@code MAX_CONNECTIONS -> "--max-connections"}
 */
public record Switches(Map<Switches.Setting, String> names) {
    /** What a line may point to. */
    public enum Setting {
        /** The local address the server binds. */
        BIND_ADDRESS,
        /** The bytes of each datagram that the UDP server keeps. */
        BUFFER,
        /** The most connections served at once. */
        MAX_CONNECTIONS,
        /** The fault that leaves the active socket open. */
        NO_CLOSE_FAULT,
        /** SO_REUSEADDR on the listening socket. */
        REUSE_ADDRESS
    }

    /** No switch named: the library's own lines. */
    public static final Switches NONE = new Switches(Map.of());

    public Switches {
        names = Map.copyOf(names);
    }

    /** The switch that sets {@code setting}, e.g. {@code --max-connections}; empty if the program has none. */
    public Optional<String> of(Setting setting) {
        return Optional.ofNullable(names.get(setting));
    }
}
