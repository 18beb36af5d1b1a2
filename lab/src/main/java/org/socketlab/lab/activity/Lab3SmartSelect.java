package org.socketlab.lab.activity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Waits;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Lab 3, question 3: "Run smart-select.c. It pre-forks MAXPROCESSES=5 processes (visible in ps x) that share one
 * listening socket and each use select(). How many clients per process, and in total? Set MAXPROCESSES=2 and start
 * 5 clients: what happens to the fifth?" Two processes of two clients: four are served, the fifth completes its
 * handshake and waits in the backlog until one leaves; a full process sleeps in select() (the original spins).
 */
final class Lab3SmartSelect extends Activity {
    private static final int PROCESSES = 2;
    private static final int PER_PROCESS = 2;

    Lab3SmartSelect() {
        super(3, "smart-select: processes started in advance", "MAXPROCESSES=2: what happens to the fifth client?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts " + PROCESSES + " processes of at most " + PER_PROCESS + " clients each");
        LabProcess server = run.startServerModel(
                "smart-select", "--workers", String.valueOf(PROCESSES), "--per-worker", String.valueOf(PER_PROCESS));
        int port = run.port();
        run.observe(PROCESSES + " processes exist before any client, children of the server (ps x, PPid)", () -> {
            List<ProcessHandle> children = Waits.until(
                            () -> children(server), l -> l.size() == PROCESSES, ActivityRun.WAIT)
                    .orElseThrow(() -> new AssertionError("not " + PROCESSES + " processes within "
                            + Waits.text(ActivityRun.WAIT) + ": " + children(server)));
            return "pids " + children.stream().map(p -> String.valueOf(p.pid())).toList() + ", PPid " + server.pid();
        });

        run.step("clients 1 to 4 connect and are echoed: " + PROCESSES + " x " + PER_PROCESS);
        List<LabProcess> four = new ArrayList<>();
        for (int i = 1; i <= PROCESSES * PER_PROCESS; i++) {
            LabProcess c = run.client(String.valueOf(i));
            run.echo(c, "client " + i);
            four.add(c);
        }
        run.step("client 5 connects and sends a line");
        LabProcess fifth = run.client("5");
        int fifthPort = run.portOf(fifth);
        fifth.send("the fifth\n");
        run.echo(four.get(0), "client 1 again");
        run.observe("the fifth's handshake completed, but it is not accepted: it waits in the backlog", () -> {
            TcpConnection queued = run.serverKernel()
                    .find(port, fifthPort)
                    .orElseThrow(() -> new AssertionError("no server end for the fifth client"));
            if (queued.inode() != 0 || !fifth.stdoutLines().isEmpty()) {
                throw new AssertionError("the fifth was served: " + queued + ", it printed " + fifth.stdoutLines());
            }
            long backlog = run.serverKernel().connections().stream()
                    .filter(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN)
                    .mapToLong(TcpConnection::receiveQueue)
                    .sum();
            return queued.state() + ", inode 0, no echo; the listener's Recv-Q " + backlog;
        });
        run.observe("the full processes sleep: at most 3 CPU ticks (1/100 s) each in a second", () -> {
            List<ProcessHandle> children = children(server);
            long[] before = new long[children.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = ticks(children.get(i).pid());
            }
            // A measurement window: how much CPU the full processes burn while nothing happens.
            Waits.pause(Duration.ofSeconds(1));
            List<Long> used = new ArrayList<>();
            for (int i = 0; i < before.length; i++) {
                used.add(ticks(children.get(i).pid()) - before[i]);
            }
            if (used.stream().anyMatch(t -> t > 3)) {
                throw new AssertionError("ticks in one second " + used + ": a full process busy-loops");
            }
            return "ticks in one second " + used;
        });

        run.step("client 4 ends with CTRL-D: a slot frees");
        four.get(3).closeStdin();
        run.observe("the fifth is accepted and its echo arrives", () -> {
            fifth.awaitLine("^the fifth$", ActivityRun.WAIT);
            return "client 5 printed \"the fifth\"";
        });
        four.forEach(LabProcess::closeStdin);
        fifth.closeStdin();
    }

    private static List<ProcessHandle> children(LabProcess server) {
        return ProcessHandle.of(server.pid()).map(p -> p.children().toList()).orElse(List.of());
    }

    private static long ticks(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))
                .split("\\) ")[1]
                .split(" ");
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }
}
