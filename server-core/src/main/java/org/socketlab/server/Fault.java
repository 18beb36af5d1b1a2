package org.socketlab.server;

import java.util.Locale;

/** Bugs of the lab's C server that can be switched on to observe them. */
public enum Fault {
    /** The server behaves correctly. */
    NONE,
    /**
     * Activity 3: the server never closes the active socket. After the client's EOF it goes back to accept and
     * keeps the socket open (and referenced), so the connection stays in CLOSE_WAIT and no FIN is ever sent.
     */
    NO_CLOSE;

    /** Parses the command-line spelling, e.g. {@code no-close}. */
    public static Fault parse(String text) {
        for (Fault fault : values()) {
            if (fault.cliName().equalsIgnoreCase(text.trim())) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + text + "': the faults are none and no-close");
    }

    /** The command-line spelling. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
