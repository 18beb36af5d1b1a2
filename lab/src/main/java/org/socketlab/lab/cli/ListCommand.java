package org.socketlab.lab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.cheatsheet.CheatSheet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lab list}: the activities, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the lab's activities, one a line.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    LabChoice which;

    @Override
    public Integer call() {
        List<Activity> activities;
        try {
            activities = Activities.forLab(which.lab);
        } catch (IllegalArgumentException e) {
            return LabMain.fail(e.getMessage(), e, false);
        }
        for (Activity activity : activities) {
            System.out.printf(
                    "%d  %-52s %s%n",
                    activity.number(), activity.title(), activity.wantsTwoHosts() ? "(two hosts when root)" : "");
        }
        System.out.println();
        System.out.println("the cheat sheet (lab run NAME):");
        for (Activity activity : CheatSheet.all()) {
            System.out.printf(
                    "%-11s %-52s %s%n",
                    activity.name(), activity.title(), activity.wantsTwoHosts() ? "(two hosts, root)" : "");
        }
        return 0;
    }
}
