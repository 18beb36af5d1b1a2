package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpState;

/**
 * Lab 3, question 3, smart-select.c: "It pre-forks MAXPROCESSES=5 processes (visible in ps x) that share one
 * listening socket and each use select(). How many clients per process, and in total? Set MAXPROCESSES=2 and start 5
 * clients: what happens to the fifth?"
 */
@LabExperiment
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SmartSelectIT {

    @Test
    void twoProcessesOfTwoServeFourClientsTheFifthWaitsInTheBacklogFullProcessesSleepAndSigtermLeavesNothing(Lab lab)
            throws Exception {
        int port = lab.freePort();
        LabProcess server = awaitListening(
                lab.serverModel("smart-select", "--workers", "2", "--per-worker", "2", String.valueOf(port)), port);
        // Before any client: two processes, children of the server, each waiting on the shared socket.
        List<ProcessHandle> processes =
                await("two select processes").atMost(WAIT).until(() -> children(server), l -> l.size() == 2);
        for (ProcessHandle p : processes) {
            assertThat(status(p.pid(), "PPid")).isEqualTo(String.valueOf(server.pid()));
        }
        await().atMost(WAIT)
                .until(() -> server.stdoutLines().stream()
                                .filter(l -> l.startsWith("Waiting for incoming connections at port " + port))
                                .count()
                        == 3);

        List<LabProcess> four = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            LabProcess c = connectedClient(lab, "client " + i, port);
            echo(c, "client " + i);
            four.add(c);
        }
        server.awaitLine("^select process #1: 2 connected$", WAIT);
        server.awaitLine("^select process #2: 2 connected$", WAIT);
        LabProcess fifth = connectedClient(lab, "client 5", port); // the kernel completes its handshake
        int fifthPort = localPort(fifth);
        fifth.send("fifth\n");
        echo(four.get(0), "client 1 again");
        assertThat(fifth.stdoutLines())
                .as("the fifth's echo while 2 x 2 are served")
                .isEmpty();
        assertThat(lab.kernel().find(port, fifthPort).orElseThrow().inode())
                .as("the fifth is not accepted yet")
                .isZero();
        assertThat(lab.kernel().connections().stream()
                        .filter(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN)
                        .findFirst()
                        .orElseThrow()
                        .receiveQueue())
                .as("the listener's Recv-Q: connections waiting for accept()")
                .isEqualTo(1);
        for (ProcessHandle p : processes) {
            long before = ticks(p.pid());
            // A measurement window, not synchronisation: a full process must sleep, not poll its listener.
            await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
            assertThat(ticks(p.pid()) - before)
                    .as("CPU ticks (1/100 s) of full process " + p.pid() + " in one second")
                    .isLessThanOrEqualTo(3);
        }

        four.get(3).closeStdin();
        fifth.awaitLine("^fifth$", WAIT);

        server.signal("TERM");
        assertThat(server.awaitExit(WAIT)).isZero();
        for (ProcessHandle p : processes) {
            await().atMost(WAIT).until(() -> !p.isAlive());
        }
        assertThat(lab.kernel().connections().stream()
                        .filter(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN))
                .as("nothing listens on the port")
                .isEmpty();
    }

    @Test
    void aProcessThatDiesIsReplacedAndAKilledParentTakesItsProcessesWithIt(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = awaitListening(
                lab.serverModel("smart-select", "--workers", "2", "--per-worker", "1", String.valueOf(port)), port);
        List<ProcessHandle> processes = await().atMost(WAIT).until(() -> children(server), l -> l.size() == 2);
        processes.get(0).destroyForcibly();
        server.awaitLine(
                "^Worker process #\\d died \\(killed by signal 9\\); a new worker process #\\d takes its place$", WAIT);
        List<ProcessHandle> now =
                await().atMost(WAIT).until(() -> children(server), l -> l.size() == 2 && !l.contains(processes.get(0)));
        echo(connectedClient(lab, "client", port), "served after the replacement");
        server.kill();
        for (ProcessHandle p : now) {
            await("process " + p.pid() + " after its parent was killed")
                    .atMost(WAIT)
                    .until(() -> !p.isAlive());
        }
    }

    private static List<ProcessHandle> children(LabProcess server) {
        return ProcessHandle.of(server.pid()).orElseThrow().children().toList();
    }

    private static String status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim())
                .findFirst()
                .orElseThrow();
    }

    private static long ticks(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))
                .split("\\) ")[1]
                .split(" ");
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }
}
