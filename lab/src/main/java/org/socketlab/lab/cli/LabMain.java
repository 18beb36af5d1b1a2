package org.socketlab.lab.cli;

import java.util.List;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.draw.DrawCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar lab.jar COMMAND}: the lab's activities listed, run, checked and drawn.
 *
 * <p>Exit status: 0 when every observation held, 1 when one did not, 2 when it could not run.
 */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        version = "lab 1.0.0",
        description = "Run, narrate and draw the activities of the sockets lab.",
        subcommands = DrawCommand.class)
public final class LabMain {

    private LabMain() {}

    public static void main(String[] args) {
        CommandLine lab = new CommandLine(new LabMain())
                .addSubcommand(new ListCommand())
                .addSubcommand(new RunCommand())
                .addSubcommand(new CheckCommand());
        System.exit(lab.execute(args));
    }

    /**
     * Activity {@code number}.
     *
     * @throws IllegalArgumentException when there is none
     */
    static Activity activity(int lab, int number) {
        List<Activity> activities = Activities.forLab(lab);
        return Activities.number(lab, number)
                .orElseThrow(
                        () -> new IllegalArgumentException("no activity " + number + (lab == 1 ? "" : " in lab " + lab)
                                + ": the activities are 1 to " + activities.size() + " (lab list"
                                + (lab == 1 ? "" : " --lab " + lab)
                                + ")"));
    }

    /** Prints {@code lab: WHAT} in one line (the stack trace only with -v) and returns exit status 2. */
    static int fail(String what, Throwable cause, boolean verbose) {
        System.err.println("lab: " + what);
        if (verbose && cause != null) {
            cause.printStackTrace(System.err);
        }
        return 2;
    }
}
