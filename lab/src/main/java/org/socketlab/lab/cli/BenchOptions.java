package org.socketlab.lab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.RunSettings;
import org.socketlab.lab.activity.TestedServer;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.Requirements;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code check} share: which server, which jars, one host or two, and -v. */
final class BenchOptions {
    @Option(
            names = "--server-args",
            paramLabel = "\"ARGS\"",
            description = "Arguments added to the lab server's command line, e.g. \"--fault no-close\".")
    String serverArgs;

    @Option(
            names = "--server-cmd",
            paramLabel = "\"COMMAND {port}\"",
            description = "Run any echo server instead of ours, e.g. \"./EchoServer_seq {port}\"; observations then "
                    + "rest on the kernel and the wire only.")
    String serverCommand;

    @Option(names = "--two-hosts", description = "Run the server and the clients in two network namespaces (root).")
    boolean twoHosts;

    @Option(
            names = "--jars",
            paramLabel = "DIR",
            description = "Where echo-server.jar and echo-client.jar are "
                    + "(default: the repository lab.jar was built in).")
    Path jars;

    @Option(
            names = {"-v", "--verbose"},
            description = "Stack traces on errors.")
    boolean verbose;

    /**
     * The server under test in a lab: ours is echo-server.jar in lab 1, concurrent-server.jar --model process in lab 2.
     *
     * @throws IllegalArgumentException for both --server-args and --server-cmd, or a command without {port}
     */
    TestedServer server(int lab) {
        if (serverCommand != null) {
            if (serverArgs != null) {
                throw new IllegalArgumentException(
                        "--server-args and --server-cmd exclude each other: put the " + "arguments in the command");
            }
            return TestedServer.foreign(serverCommand);
        }
        List<String> args = serverArgs == null || serverArgs.isBlank()
                ? List.of()
                : Arrays.asList(serverArgs.trim().split("\\s+"));
        return lab == 2 ? TestedServer.processModel(args) : TestedServer.ours(args);
    }

    /**
     * What a run needs: the server under test, the jars of our server and client, and the jar our server of this lab
     * runs from.
     */
    record Setup(TestedServer server, Jars jars, Path serverJar) {
        Lab newLab() {
            return new Lab(serverJar.toString(), jars.client().toString());
        }
    }

    /**
     * The server and the jars; what cannot be done here is said on stderr.
     *
     * @throws IllegalArgumentException or IllegalStateException with a one-line reason (bad options, no jars)
     */
    Setup setUp(int lab) {
        Jars found = Jars.locate(Optional.ofNullable(jars));
        Path serverJar = lab == 2 ? Jars.concurrentServer(Optional.ofNullable(jars)) : found.server();
        Setup setup = new Setup(server(lab), found, serverJar);
        warnings().forEach(System.err::println);
        return setup;
    }

    /** Root can capture and make namespaces; the kernel's view through /proc needs neither. */
    static boolean canCapture() {
        return Requirements.isRoot() && Requirements.onPath("tcpdump");
    }

    static boolean canMakeHosts() {
        return Requirements.isRoot() && Requirements.onPath("ip");
    }

    /** The settings for one activity: two hosts when asked, or when the activity needs them and root allows. */
    RunSettings settings(TestedServer server, Activity activity) {
        boolean hosts = canMakeHosts() && (twoHosts || activity.wantsTwoHosts());
        return new RunSettings(server, canCapture(), hosts);
    }

    /** What cannot be done here, one line each for stderr: the capture and the namespaces need root. */
    List<String> warnings() {
        List<String> lines = new ArrayList<>();
        if (!Requirements.isRoot()) {
            lines.add("lab: not root: the capture (tcpdump) and the network namespaces need root; the wire's "
                    + "observations are skipped, the kernel's (/proc/net/tcp) are made; run with sudo for all");
        } else if (!canCapture()) {
            lines.add("lab: tcpdump is not installed (apt-get install tcpdump): the wire's observations are skipped");
        }
        if (twoHosts && !canMakeHosts()) {
            lines.add("lab: --two-hosts needs root and iproute2's ip: running on loopback");
        }
        return lines;
    }
}
