package org.socketlab.lab.cheatsheet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.activity.ActivitySkipped;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/**
 * A mechanism of the course's TCP cheat sheet shown on a real connection: run by name ({@code lab run window}),
 * across two hosts (network namespaces) when root allows, each segment drawn with its advertised window.
 */
abstract class CheatSheetActivity extends Activity {

    CheatSheetActivity(String name, String title, String question) {
        super(name, title, question);
    }

    @Override
    public boolean wantsTwoHosts() {
        return true;
    }

    @Override
    public boolean showsWindows() {
        return true;
    }

    /** Skips the activity on loopback: what it shows needs a link that nft can cut. */
    static void requireTwoHosts(ActivityRun run) {
        if (!run.twoHosts()) {
            throw new ActivitySkipped("needs two hosts (network namespaces, as root): nft cuts only a link of"
                    + " its own, never this machine's");
        }
    }

    /** {@code java ... TcpPeer ARGS} with this JVM's launcher and class path, for {@link ActivityRun#startListener}. */
    static List<String> peer(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // TCP_INFO is read on the socket's descriptor, which the JDK hands out only with this export.
        command.addAll(List.of(
                "--add-exports",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                TcpPeer.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the sender of {@link TcpPeer} on the clients' host and names its port "sender". */
    static LabProcess sender(ActivityRun run, String... args) {
        List<String> full = new ArrayList<>(List.of("send"));
        full.addAll(List.of(args));
        full.add(run.serverHost().address());
        full.add(String.valueOf(run.port()));
        LabProcess sender = run.startOnClientHost("sender", peer(full.toArray(String[]::new)));
        run.name(senderPort(sender), "sender");
        return sender;
    }

    /** The sender's local port, from its line {@code sender: connected from ADDRESS port PORT}. */
    static int senderPort(LabProcess sender) {
        return Integer.parseInt(sender.awaitLine("^sender: connected from \\S+ port (\\d+)$", Lab.WAIT)
                .group(1));
    }

    /** Seconds between consecutive times, e.g. the gaps between probes. */
    static List<Double> gaps(List<Double> times) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }

    /** E.g. "0.21 s, 0.42 s, 0.83 s". */
    static String seconds(List<Double> values) {
        return String.join(
                ", ",
                values.stream()
                        .map(v -> String.format(Locale.ROOT, "%.2f s", v))
                        .toList());
    }
}
