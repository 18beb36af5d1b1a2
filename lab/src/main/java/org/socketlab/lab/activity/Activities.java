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

    /**
     * The activities of a lab: 1, the sequential server's (this list); 2, the concurrent servers with processes.
     *
     * @throws IllegalArgumentException for a lab that has none
     */
    public static List<Activity> forLab(int lab) {
        return switch (lab) {
            case 1 -> ALL;
            case 2 -> Lab2Activities.all();
            default -> throw new IllegalArgumentException("no lab " + lab + ": the labs are 1 and 2");
        };
    }

    /** Activity {@code number} of a lab, if there is one. */
    public static Optional<Activity> number(int lab, int number) {
        return forLab(lab).stream().filter(a -> a.number() == number).findFirst();
    }

    /** Activity {@code number}, if there is one. */
    public static Optional<Activity> number(int number) {
        return ALL.stream().filter(a -> a.number() == number).findFirst();
    }
}
