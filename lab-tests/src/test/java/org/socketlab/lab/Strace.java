package org.socketlab.lab;

import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * A server model run under {@code strace -f}, every thread traced: its system calls one per line ({@link #calls}),
 * or counted by {@code -c} ({@link #summary}), written when the server ends.
 */
final class Strace {
    private final LabProcess strace;
    private final Path output;

    private Strace(LabProcess strace, Path output) {
        this.strace = strace;
        this.output = output;
    }

    /**
     * Starts {@code strace -f [-c] [-e trace=CALLS] java -jar concurrent-server.jar --model MODEL ARGS}.
     *
     * @param traced the calls to trace, comma-separated, or empty for all
     */
    static Strace serverModel(Lab lab, boolean count, String traced, String model, String... args) throws IOException {
        Requirements.tools("strace");
        Path output = Files.createTempFile("strace-" + model, ".txt");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-o", output.toString()));
        if (count) {
            command.add("-c");
        }
        if (!traced.isEmpty()) {
            command.add("-e");
            command.add("trace=" + traced);
        }
        List<String> serverArgs = new ArrayList<>(List.of("--model", model));
        serverArgs.addAll(List.of(args));
        command.addAll(lab.javaCommand(
                List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Lab.concurrentServerJar(),
                serverArgs.toArray(String[]::new)));
        return new Strace(lab.start(model + " under strace", command), output);
    }

    /** strace itself, whose standard output is the server's. */
    LabProcess process() {
        return strace;
    }

    /** The traced server: strace's child. */
    ProcessHandle server() {
        return Awaitility.await("the server under strace")
                .atMost(WAIT)
                .until(
                        () -> ProcessHandle.of(strace.pid())
                                .orElseThrow()
                                .children()
                                .findFirst(),
                        o -> o.isPresent())
                .orElseThrow();
    }

    /** SIGTERM to the server, then waits for strace to write its output and end. */
    void stop() {
        server().destroy();
        strace.awaitExit(WAIT);
    }

    /** The traced calls, one line each, after {@link #stop()}. */
    List<String> calls() throws IOException {
        return Files.readAllLines(output);
    }

    /** {@code -c}'s table after {@link #stop()}: calls per system call name. */
    Map<String, Long> summary() throws IOException {
        Map<String, Long> calls = new HashMap<>();
        for (String line : Files.readAllLines(output)) {
            String[] f = line.trim().split("\\s+");
            // % time, seconds, usecs/call, calls, [errors], syscall
            if (f.length >= 5 && f[0].matches("[\\d.]+") && f[3].matches("\\d+")) {
                calls.put(f[f.length - 1], Long.parseLong(f[3]));
            }
        }
        return calls;
    }
}
