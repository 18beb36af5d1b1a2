package org.socketlab.lab.activity;

import java.util.List;
import java.util.Optional;

/** The activities of each lab, in the handout's order: lab 1's 1 to 9, lab 2's ({@link Lab2Activities}) and lab 3's ({@link Lab3Activities}). */
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

    /** Activity {@code number} of lab 1, if there is one. */
    public static Optional<Activity> number(int number) {
        return number(1, number);
    }

    /**
     * The activities of lab {@code lab}.
     *
     * @throws IllegalArgumentException for a lab that has none here
     */
    public static List<Activity> forLab(int lab) {
        return switch (lab) {
            case 1 -> ALL;
            case 2 -> Lab2Activities.all();
            case 3 -> Lab3Activities.all();
            default -> throw new IllegalArgumentException("no lab " + lab + ": the labs are 1, 2 and 3");
        };
    }

    /** Activity {@code number} of lab {@code lab}, if there is one. */
    public static Optional<Activity> number(int lab, int number) {
        return forLab(lab).stream().filter(a -> a.number() == number).findFirst();
    }
}
