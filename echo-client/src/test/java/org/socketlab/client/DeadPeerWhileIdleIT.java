package org.socketlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that vanishes (every packet dropped by nft inside a network namespace of this test) is reported by the
 * client in one line, also while the user types nothing: the client reads the socket while it waits for stdin.
 * Needs root, ip, nft and socat; skipped elsewhere with the reason, except in CI (SOCKETLAB_REQUIRE_ALL=1).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadPeerWhileIdleIT {
    private final String namespace = "ecl-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void twoEndsInANamespace() throws Exception {
        String missing = !"root".equals(System.getProperty("user.name"))
                ? "root"
                : !onPath("ip")
                        ? "ip (iproute2)"
                        : !onPath("nft") ? "nft (nftables)" : !onPath("socat") ? "socat" : null;
        if (missing != null) {
            String reason = "DeadPeerWhileIdleIT skipped: needs " + missing;
            if ("1".equals(System.getenv("SOCKETLAB_REQUIRE_ALL"))) {
                throw new AssertionError("SOCKETLAB_REQUIRE_ALL=1 but " + reason);
            }
            System.out.println(reason);
            assumeTrue(false, reason);
        }
        command("ip", "netns", "add", namespace);
        command("ip", "-n", namespace, "link", "set", "lo", "up");
        start("ip", "netns", "exec", namespace, "socat", "TCP-LISTEN:7000,bind=127.0.0.1,reuseaddr,fork", "EXEC:cat");
        Awaitility.await("socat listening in " + namespace)
                .atMost(Duration.ofSeconds(5))
                .until(() -> !command("ip", "netns", "exec", namespace, "ss", "-Hltn", "sport = :7000")
                        .isBlank());
    }

    /**
     * Ends every process of the namespace, then deletes it: socat's forked children outlive their parent, and once
     * the namespace's name is gone nothing finds them. Fails naming any process that outlives SIGKILL.
     */
    @AfterEach
    void removeTheNamespace() throws Exception {
        if (processes.isEmpty()) {
            return;
        }
        List<ProcessHandle> running = command("ip", "netns", "pids", namespace)
                .lines()
                .map(pid -> ProcessHandle.of(Long.parseLong(pid.strip())))
                .flatMap(Optional::stream)
                .toList();
        running.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : running) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // Named below.
            }
        }
        String identity = "net:[" + Files.getAttribute(Path.of("/run/netns", namespace), "unix:ino") + "]";
        command("ip", "netns", "del", namespace);
        assertThat(ProcessHandle.allProcesses().filter(p -> identity.equals(netNamespaceOf(p))))
                .as("processes still running in the deleted namespace " + namespace)
                .extracting(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .isEmpty();
    }

    /** The network namespace a process runs in, e.g. {@code net:[4026532281]}; empty once it is gone. */
    private static String netNamespaceOf(ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "ns", "net"))
                    .toString();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void keepAliveFindsTheDeadPeerWhileTheUserIsIdle() throws Exception {
        Process client = client(
                "-o", "SO_KEEPALIVE=true", "-o", "TCP_KEEPIDLE=1", "-o", "TCP_KEEPINTVL=1", "-o", "TCP_KEEPCNT=3");
        echoOneLine(client);
        long cut = cutTheLink();
        assertThat(client.waitFor(10, TimeUnit.SECONDS))
                .as("the client exits while its stdin stays open")
                .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - cut))
                .as("detection time (idle 1 s + 3 probes 1 s apart)")
                .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(client.exitValue()).isEqualTo(1);
        assertThat(lastLine(client))
                .isEqualTo("echo-client: connection lost: the peer stopped answering keep-alive probes (ETIMEDOUT)");
    }

    @Test
    void tcpUserTimeoutEndsALineThatIsNeverAcknowledged() throws Exception {
        Process client = client("-o", "TCP_USER_TIMEOUT=2000");
        echoOneLine(client);
        long cut = cutTheLink();
        client.getOutputStream().write("lost\n".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        assertThat(client.waitFor(10, TimeUnit.SECONDS))
                .as("the client gives up")
                .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - cut))
                .as("time from the cut to the client's exit")
                .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        assertThat(client.exitValue()).isEqualTo(1);
        assertThat(lastLine(client))
                .isEqualTo("echo-client: connection lost: sent data stayed unacknowledged longer "
                        + "than the user timeout (TCP_USER_TIMEOUT=2000 ms) (ETIMEDOUT)");
    }

    private Process client(String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                EchoClientMain.class.getName()));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1", "7000"));
        return start(command.toArray(String[]::new));
    }

    private static void echoOneLine(Process client) throws IOException {
        OutputStream stdin = client.getOutputStream();
        stdin.write("hi\n".getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        assertThat(new String(client.getInputStream().readNBytes(3), StandardCharsets.US_ASCII))
                .as("the echo before the cut")
                .isEqualTo("hi\n");
    }

    /** Every packet on the namespace's loopback dropped from now on; returns when (System.nanoTime()). */
    private long cutTheLink() throws Exception {
        command("nft", "-f", "-", "table inet cut { chain in { type filter hook input priority 0; policy drop; }; }");
        return System.nanoTime();
    }

    private static String lastLine(Process process) throws IOException {
        String text = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return text.strip().lines().reduce((a, b) -> b).orElse("");
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    /** Runs a command to its end (the last argument, if the command reads "-", goes to its stdin); its stdout. */
    private String command(String... command) throws Exception {
        boolean stdin = command.length > 2 && command[command.length - 2].equals("-");
        List<String> argv = new ArrayList<>(List.of(command));
        String input = stdin ? argv.remove(argv.size() - 1) : "";
        if (argv.get(0).equals("nft")) {
            argv.addAll(0, List.of("ip", "netns", "exec", namespace));
        }
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
                .as(String.join(" ", argv))
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", argv) + ": " + output)
                .isZero();
        return output;
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
