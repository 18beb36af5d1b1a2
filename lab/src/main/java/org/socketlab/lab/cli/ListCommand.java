package org.socketlab.lab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.Activity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab list}: the activities, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the lab's activities, one a line.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--lab", paramLabel = "L", description = "The lab: 1, sequential servers (default); 2, processes.")
    int lab = 1;

    @Override
    public Integer call() {
        List<Activity> activities;
        try {
            activities = Activities.forLab(lab);
        } catch (IllegalArgumentException e) {
            return LabMain.fail(e.getMessage(), e, false);
        }
        for (Activity activity : activities) {
            System.out.printf(
                    "%d  %-52s %s%n",
                    activity.number(), activity.title(), activity.wantsTwoHosts() ? "(two hosts when root)" : "");
        }
        return 0;
    }
}
