package org.socketlab.concurrent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real children of this JVM, started and reaped without the JDK knowing: zombies, exit statuses, signals. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChildProcessesTest {

    private static int spawn(String script) throws IOException {
        return ChildProcesses.spawn(List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), 0, 1);
    }

    @Test
    void aFinishedChildIsAZombieUntilReapedWithItsExitStatus() throws IOException {
        int pid = spawn("exit 7");
        await().atMost(Duration.ofSeconds(10)).until(() -> state(pid).equals(Optional.of('Z')));
        ChildProcesses.Exit exit = await().atMost(Duration.ofSeconds(10))
                .until(ChildProcesses::reapAny, Optional::isPresent)
                .get();
        assertThat(exit.pid()).isEqualTo(pid);
        assertThat(exit.exited()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(7);
        assertThat(exit.describe()).isEqualTo("exit status 7");
        assertThat(state(pid)).as("gone once reaped").isEmpty();
        assertThat(ChildProcesses.reapAny()).as("no child left").isEmpty();
    }

    @Test
    void aKilledChildReportsItsSignal() throws IOException {
        int pid = spawn("exec sleep 30");
        assertThat(ChildProcesses.kill(pid, ChildProcesses.SIGKILL)).isTrue();
        ChildProcesses.Exit exit = ChildProcesses.reap(pid).orElseThrow();
        assertThat(exit.exited()).isFalse();
        assertThat(exit.signal()).isEqualTo(9);
        assertThat(exit.describe()).isEqualTo("killed by signal 9 (SIGKILL)");
        assertThat(ChildProcesses.kill(pid, ChildProcesses.SIGTERM))
                .as("no such process now")
                .isFalse();
    }

    @Test
    void aJvmStoppedByASignalSaysWhichInItsExitStatus() {
        assertThat(new ChildProcesses.Exit(1, 143 << 8).describe())
                .isEqualTo("exit status 143 (128 + SIGTERM: a JVM stopped by it)");
        assertThat(new ChildProcesses.Exit(1, 3 << 8).describe()).isEqualTo("exit status 3");
    }

    @Test
    void theChildStartsWithNoSignalBlockedAndOnlyThreeDescriptors() throws IOException {
        Path report = Files.createTempFile("child", ".txt");
        try {
            int pid = spawn("grep SigBlk /proc/self/status > " + report + "; ls /proc/self/fd | wc -l >> " + report);
            assertThat(ChildProcesses.reap(pid).orElseThrow().exitCode()).isZero();
            List<String> lines = Files.readAllLines(report);
            assertThat(lines.get(0)).matches("SigBlk:\\s+0+");
            // 0, 1, 2, the one ls opens for /proc/self/fd, and the shell's redirection of its output: no socket of ours
            assertThat(Integer.parseInt(lines.get(1).trim())).isLessThanOrEqualTo(5);
        } finally {
            Files.delete(report);
        }
    }

    private static Optional<Character> state(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return Optional.of(stat.charAt(stat.lastIndexOf(')') + 2));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
