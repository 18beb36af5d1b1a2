package org.socketlab.lab.cheatsheet;

import java.util.List;
import java.util.Optional;
import org.socketlab.lab.activity.Activity;

/**
 * The mechanisms of the course's TCP cheat sheet, each an activity run by name ({@code lab run window}): flow
 * control, the four timers (retransmission, persist, keep-alive, 2MSL), congestion control and the MSS.
 */
public final class CheatSheet {
    private static final List<Activity> ALL =
            List.of(new ZeroWindow(), new Retransmit(), new KeepAlive(), new TimeWait(), new Congestion(), new Mss());

    private CheatSheet() {}

    /** Every mechanism, in the cheat sheet's order. */
    public static List<Activity> all() {
        return ALL;
    }

    /** The activity called {@code name}, e.g. "window", if there is one. */
    public static Optional<Activity> named(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
