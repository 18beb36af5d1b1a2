package org.socketlab.lab.activity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.KernelView;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.TwoHosts;

/**
 * One activity of the handout as a scenario: the steps a student takes, each followed by the observations the
 * handout asks about, checked against the capture and the kernel. The same scenario runs for a student
 * ({@code lab run N}), for a checker ({@code lab check}) and for the experiments of lab-tests.
 */
public abstract class Activity {
    private final int number;
    private final String name;
    private final String title;
    private final String question;

    protected Activity(int number, String title, String question) {
        this(number, String.valueOf(number), title, question);
    }

    /** An activity known by name rather than number, e.g. the cheat sheet's {@code window}. */
    protected Activity(String name, String title, String question) {
        this(0, name, title, question);
    }

    private Activity(int number, String name, String title, String question) {
        this.number = number;
        this.name = name;
        this.title = title;
        this.question = question;
    }

    /** The activity's number in the handout, 1 to 9; 0 for an activity known by name only. */
    public int number() {
        return number;
    }

    /** What {@code lab run} takes: the number as text ("3"), or the name ("window"). */
    public String name() {
        return name;
    }

    /** A short title, e.g. "The server that forgets close()". */
    public String title() {
        return title;
    }

    /** The handout's question, quoted. */
    public String question() {
        return question;
    }

    /** Whether the activity shows what it is about only across a link (activity 9: real segments). */
    public boolean wantsTwoHosts() {
        return false;
    }

    /** Whether the ladder writes the advertised window on each segment (the cheat sheet's flow control). */
    public boolean showsWindows() {
        return false;
    }

    /** The steps and observations, run against {@code run}'s server. */
    protected abstract void steps(ActivityRun run);

    /**
     * Runs the scenario with {@code lab}'s jars; every process, capture and namespace it starts is the lab's, closed
     * by the caller. Each step is handed to {@code listener} as soon as it is complete.
     *
     * @throws RuntimeException if the bench cannot be set up (the namespaces, the capture): nothing was observed
     */
    public ActivityResult run(Lab lab, RunSettings settings, Consumer<StepReport> listener) {
        long start = System.nanoTime();
        Host serverHost = Host.LOOPBACK;
        Host clientHost = Host.LOOPBACK;
        KernelView serverKernel = KernelView.here();
        KernelView clientKernel = serverKernel;
        if (settings.twoHosts()) {
            TwoHosts hosts = lab.twoHosts();
            serverHost = hosts.server();
            clientHost = hosts.client();
            // /proc/PID/net shows a namespace's sockets while PID lives: one idle process per host keeps it readable.
            serverKernel = KernelView.ofProcess(window(lab, serverHost));
            clientKernel = KernelView.ofProcess(window(lab, clientHost));
        }
        ActivityRun run = new ActivityRun(
                lab,
                settings.server(),
                serverHost,
                clientHost,
                serverKernel,
                clientKernel,
                settings.capture(),
                listener);
        Optional<String> skipped = Optional.empty();
        try {
            steps(run);
        } catch (ActivitySkipped e) {
            skipped = Optional.of(e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            run.stopped(e);
        }
        return new ActivityResult(
                this, run.finish(), skipped, Duration.ofNanos(System.nanoTime() - start), run.series());
    }

    private static long window(Lab lab, Host host) {
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(List.of("sleep", "infinity"));
        return lab.start(host.namespace(), command).pid();
    }

    /** E.g. "3. The server that forgets close()", or "mss: MSS and MTU: the header sizes". */
    @Override
    public String toString() {
        return number > 0 ? number + ". " + title : name + ": " + title;
    }
}
