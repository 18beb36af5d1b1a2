package org.socketlab.lab.activity;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Processes;
import org.socketlab.lab.fixture.Waits;
import org.socketlab.options.TcpConnection;

/**
 * Lab 2's questions 1 to 6 against a server with a process per connection: {@code concurrent-server --model
 * process} as built, or a student's {@code TCPechod} ({@code --server-cmd "./TCPechod {port}"}). Processes are read
 * from /proc, the owners of sockets from /proc/PID/fd, the frames from tcpdump.
 */
public final class Lab2Activities {
    /** How soon a finished child must be gone when its parent reaps it. */
    static final Duration REAPED = Duration.ofSeconds(2);

    private static final List<Activity> ALL = List.of(
            question(
                    1,
                    "A child process per client",
                    "Run ./TCPechod 8xxx and ./TCPecho <server host> 8xxx, then observe.",
                    Lab2Activities::childPerClient),
            question(
                    2,
                    "Two clients on the wire",
                    "Run tcpdump on 8xxx while two clients on other hosts connect.",
                    Lab2Activities::twoClientsOnTheWire),
            question(
                    3,
                    "The parent closes its copy",
                    "Does the lab-1 activity-3 problem (active socket never closed, so no FIN) come back? Why?",
                    Lab2Activities::parentClosesItsCopy),
            question(
                    4,
                    "The second client is served at once",
                    "Does the lab-1 activity-5 problem (second client starved) come back? Why?",
                    Lab2Activities::secondClientServed),
            question(
                    5,
                    "The reaper: no zombie left",
                    "Build the server with and without signal(SIGCHLD, reaper) and compare ps x after a client"
                            + " closes.",
                    Lab2Activities::zombies),
            question(
                    6,
                    "A broken pipe ends one child only",
                    "Add a SIGPIPE handler (\"connection broken, RST received\") and note when it runs.",
                    Lab2Activities::brokenPipe));

    /** A question's own steps, once the server has started. */
    private interface Steps {
        void after(ActivityRun run, LabProcess server);
    }

    /** Every question of lab 2 starts the same way: the server starts; then come its own steps. */
    private static Activity question(int number, String title, String question, Steps steps) {
        return new Activity(number, title, question) {
            @Override
            protected void steps(ActivityRun run) {
                run.step("the server starts");
                steps.after(run, run.startServer());
            }
        };
    }

    private Lab2Activities() {}

    /** Lab 2's activities, one per question of its README. */
    static List<Activity> all() {
        return ALL;
    }

    /** The child of {@code server} that holds the server's end of the connection from {@code clientPort}. */
    static long childServing(ActivityRun run, LabProcess server, int clientPort) {
        TcpConnection end = run.serverKernel()
                .awaitCount(
                        t -> t.local().getPort() == run.port() && t.remote().getPort() == clientPort && t.inode() != 0,
                        1,
                        "the server's end of :" + clientPort,
                        ActivityRun.WAIT)
                .get(0);
        return Waits.until(
                        () -> Processes.ownerOf(end.inode(), Processes.children(server.pid())),
                        Optional::isPresent,
                        ActivityRun.WAIT)
                .flatMap(owner -> owner)
                .orElseThrow(() -> new AssertionError("no child of the server (pid " + server.pid()
                        + ") holds the connection from :" + clientPort + " (socket inode " + end.inode() + ")"));
    }

    /** Question 1: build and run, a child per client. */
    private static void childPerClient(ActivityRun run, LabProcess server) {
        run.step("client A connects and sends \"hello\"");
        LabProcess a = run.client("A");
        run.echo(a, "hello");
        run.observe("a child of the server holds A's connection (ps: PPID = the server)", () -> {
            long child = childServing(run, server, run.portOf(a));
            return "child " + child + ", PPid " + Processes.parent(child).orElseThrow();
        });
        run.observeOurServer(
                "the server names the child that serves A",
                () -> server.awaitLine("^Child \\d+ serves \\S+ remote port " + run.portOf(a) + "$", ActivityRun.WAIT)
                        .group());
    }

    /** Question 2: two clients, seen with tcpdump. */
    private static void twoClientsOnTheWire(ActivityRun run, LabProcess server) {
        int port = run.port();
        run.step("clients A and B connect; each sends a line while the other is connected");
        LabProcess a = run.client("A");
        LabProcess b = run.client("B");
        run.echo(a, "from A");
        run.echo(b, "from B");
        for (LabProcess client : List.of(a, b)) {
            int c = run.portOf(client);
            run.observeWire("a handshake and an echo for " + client.name(), () -> {
                Frame syn = run.awaitFrame(f -> f.between(c, port) && f.isSyn(), "its SYN");
                Frame echo = run.awaitFrame(f -> f.between(port, c) && f.length() > 0, "the server's echo");
                return "[S] seq " + syn.segment().seq().orElseThrow() + ", echo of " + echo.length() + " bytes";
            });
        }
    }

    /** Question 3: does activity 3's missing close() come back? */
    private static void parentClosesItsCopy(ActivityRun run, LabProcess server) {
        int port = run.port();
        run.step("client A connects, is echoed, and ends with CTRL-D");
        LabProcess a = run.client("A");
        int c = run.portOf(a);
        run.echo(a, "hello");
        run.observe("the parent holds no descriptor of A's connection (only the child does)", () -> {
            long child = childServing(run, server, c);
            long inode = run.serverKernel().find(port, c).orElseThrow().inode();
            if (Processes.socketInodes(server.pid()).contains(inode)) {
                throw new AssertionError("the parent (pid " + server.pid() + ") still holds socket inode " + inode
                        + ": it never closed its copy after the fork, so the FIN waits for the parent");
            }
            return "socket inode " + inode + " in child " + child + " only";
        });
        a.closeStdin();
        run.observeWire("the server's [F.] follows when the child exits", () -> {
            Frame fin = run.awaitFrame(f -> f.between(port, c) && f.isFin(), "the server's FIN");
            return "[" + fin.flags() + "] seq " + fin.seq().orElseThrow();
        });
        run.observe("the server's end is gone (not CLOSE_WAIT)", () -> {
            try {
                run.serverKernel()
                        .awaitCount(
                                t -> t.local().getPort() == port && t.remote().getPort() == c,
                                0,
                                "the server's end gone",
                                ActivityRun.WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("the server's end is still "
                        + run.serverKernel()
                                .find(port, c)
                                .map(t -> t.state().toString())
                                .orElse("there")
                        + ": a descriptor of it is still open (the parent's copy)");
            }
            return "no socket :" + port + " -> :" + c;
        });
    }

    /** Question 4: does activity 5's starved second client come back? */
    private static void secondClientServed(ActivityRun run, LabProcess server) {
        run.step("client A connects and is echoed; client B connects while A is connected");
        LabProcess a = run.client("A");
        run.echo(a, "A is served");
        LabProcess b = run.client("B");
        run.observe("B's echo comes back while A is connected", () -> {
            run.echo(b, "B too");
            if (!a.isAlive()) {
                throw new AssertionError("A is gone");
            }
            return "B printed \"B too\"";
        });
        run.observe("A and B are served by two different children", () -> {
            long childA = childServing(run, server, run.portOf(a));
            long childB = childServing(run, server, run.portOf(b));
            if (childA == childB) {
                throw new AssertionError("one process, " + childA + ", serves both");
            }
            return "children " + childA + " and " + childB;
        });
    }

    /** Question 5: zombies with and without the reaper. */
    private static void zombies(ActivityRun run, LabProcess server) {
        run.step("client A connects, is echoed, and ends with CTRL-D");
        LabProcess a = run.client("A");
        run.echo(a, "bye");
        long child = childServing(run, server, run.portOf(a));
        a.closeStdin();
        run.observe("A's child is reaped within " + REAPED.toSeconds() + " s (not <defunct>, state Z)", () -> {
            if (!Waits.until(() -> Processes.state(child).isEmpty(), REAPED)) {
                String state = Processes.state(child).map(String::valueOf).orElse("gone");
                throw new AssertionError("child " + child + " is still there, state " + state
                        + (state.equals("Z") ? ": a zombie, the server never reaps it (no SIGCHLD reaper)" : ""));
            }
            return "child " + child + " gone";
        });
    }

    /** Question 6: SIGPIPE, a write to a reset connection. */
    private static void brokenPipe(ActivityRun run, LabProcess server) {
        int port = run.port();
        run.step("a client sends 20 KB and closes without reading the echo");
        int leaver;
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            leaver = ((InetSocketAddress) client.getLocalAddress()).getPort();
            run.name(leaver, "leaver");
            ByteBuffer data = ByteBuffer.allocate(20 * 1024);
            while (data.hasRemaining()) {
                client.write(data);
            }
        } catch (IOException e) {
            throw new AssertionError("the 20 KB client could not connect or send: " + e.getMessage(), e);
        }
        run.observeWire("the client's kernel answers the echo with a RST", () -> {
            Frame rst = run.awaitFrame(f -> f.between(leaver, port) && f.isRst(), "the RST");
            return "[" + rst.flags() + "]";
        });
        run.observeOurServer(
                "the server names the child and the reason in one line",
                () -> server.awaitLine(
                                "^Child \\d+ \\(\\S+ remote port " + leaver
                                        + "\\) reaped: .*(EPIPE|ECONNRESET|SIGPIPE)",
                                ActivityRun.WAIT)
                        .group());
        run.step("client B connects");
        LabProcess b = run.client("B");
        run.observe("the server goes on: B is echoed", () -> {
            run.echo(b, "still serving");
            return "B printed \"still serving\"";
        });
    }
}
