package org.socketlab.lab.activity;

import java.util.List;
import java.util.Optional;

/** The lab's activities 1 to 9, in the handout's order. */
public final class Activities {
    private static final List<Activity> ALL = List.of(
            new Activity1ListenAndConnect(),
            new Activity2Frames(),
            new Activity3Close(),
            RestartAfterKill.activity4(),
            new Activity5OneClientAtATime(),
            new Activity6Rst(),
            new Activity7Backlog(),
            RestartAfterKill.activity8(),
            new Activity9MaxSeg());

    private Activities() {}

    /** Every activity, 1 to 9. */
    public static List<Activity> all() {
        return ALL;
    }

    /** Activity {@code number}, if there is one. */
    public static Optional<Activity> number(int number) {
        return ALL.stream().filter(a -> a.number() == number).findFirst();
    }
}
