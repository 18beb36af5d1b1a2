package org.socketlab.lab.cli;

import java.util.concurrent.Callable;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.cheatsheet.CheatSheet;
import picocli.CommandLine.Command;

/** {@code lab list}: the activities, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the lab's activities, one a line.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Activity activity : Activities.all()) {
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
