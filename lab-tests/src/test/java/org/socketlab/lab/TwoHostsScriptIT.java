package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * README's activity 9 by hand: {@code scripts/two-hosts.sh up} makes two hosts an echo crosses, and {@code down}
 * leaves neither a namespace nor a process that ran in one (a server left running would keep its namespace alive
 * after {@code ip netns del}).
 */
@LabExperiment
class TwoHostsScriptIT {
    private static final Path SCRIPT = script();

    @Test
    void upCarriesARealEchoAcrossAndDownLeavesNoNamespaceAndNoProcess(Lab lab) {
        Requirements.networkNamespaces();
        String prefix =
                "sl-script-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        try {
            assertThat(run(prefix, "up"))
                    .as("output of up")
                    .contains("10.86.2.1")
                    .contains("10.86.2.2");
            assertThat(namespaces()).as("namespaces after up").contains(prefix + "-srv", prefix + "-cli");

            LabProcess server = lab.start(
                    "server on srv", inHost(prefix, "srv", lab.javaCommand(List.of(), lab.serverJar(), "8765")));
            server.awaitLine("^Waiting for incoming connections at port 8765\\b.*$", WAIT);
            LabProcess client = lab.start(
                    "client on cli",
                    inHost(prefix, "cli", lab.javaCommand(List.of(), lab.clientJar(), "10.86.2.1", "8765")));
            client.send("across two hosts\n");
            client.awaitLine("^across two hosts$", WAIT);
            server.awaitLine("^Incoming connection from 10\\.86\\.2\\.2 remote port \\d+.*$", WAIT);

            run(prefix, "down");
            assertThat(namespaces()).as("namespaces after down").doesNotContain(prefix + "-srv", prefix + "-cli");
            server.awaitExit(WAIT);
            client.awaitExit(WAIT);
            assertThat(List.of(server, client))
                    .as("processes still alive after down")
                    .noneMatch(LabProcess::isAlive);
        } finally {
            run(prefix, "down");
        }
    }

    private static List<String> inHost(String prefix, String host, List<String> command) {
        List<String> full =
                new ArrayList<>(List.of("env", "TWO_HOSTS_PREFIX=" + prefix, SCRIPT.toString(), "exec", host));
        full.addAll(command);
        return full;
    }

    /** Runs the script to its end; its output, or an AssertionError naming the exit status and the output. */
    private static String run(String prefix, String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TWO_HOSTS_PREFIX", prefix);
        return outputOf(builder);
    }

    private static List<String> namespaces() {
        return outputOf(new ProcessBuilder("ip", "netns", "list"))
                .lines()
                .map(l -> l.split(" ")[0])
                .toList();
    }

    private static String outputOf(ProcessBuilder builder) {
        try {
            Process process = builder.redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(builder.command() + " did not end within 20 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(builder.command() + ": expected exit status 0, was " + process.exitValue()
                        + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** scripts/two-hosts.sh of this checkout, found from the module's directory, where Failsafe runs. */
    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("scripts/two-hosts.sh"))) {
                return dir.resolve("scripts/two-hosts.sh");
            }
        }
        throw new IllegalStateException(
                "scripts/two-hosts.sh not found above " + Path.of("").toAbsolutePath());
    }
}
