package org.socketlab.lab.activity;

import java.util.EnumSet;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activities 4 and 8: "kill the server without killing the client. What happens on re-starting the server? Why?",
 * then the same with SO_REUSEADDR. The killed server's kernel closes its end (FIN, then FIN_WAIT_2 and TIME_WAIT);
 * that connection still holds the port, so bind() fails with EADDRINUSE unless both the old and the new listening
 * socket set SO_REUSEADDR. Against a foreign server both run it as given: a student's server passes 4 before the
 * handout's SO_REUSEADDR edit and 8 after it; after it, activity 4 reads AHEAD (the restart succeeds, as 8 expects).
 */
final class RestartAfterKill extends Activity {
    private final boolean reuseAddress;

    private RestartAfterKill(int number, String title, String question, boolean reuseAddress) {
        super(number, title, question);
        this.reuseAddress = reuseAddress;
    }

    /** Activity 4: without SO_REUSEADDR the restart fails. */
    static RestartAfterKill activity4() {
        return new RestartAfterKill(
                4,
                "Restarting a killed server",
                "Kill the server without killing the client. What happens on re-starting the server? Why?",
                false);
    }

    /** Activity 8: with SO_REUSEADDR on both runs the restart binds at once. */
    static RestartAfterKill activity8() {
        return new RestartAfterKill(
                8, "SO_REUSEADDR", "Set SO_REUSEADDR and observe the result by revisiting question 4.", true);
    }

    @Override
    protected void steps(ActivityRun run) {
        String[] switches = reuseAddress ? new String[] {"--reuse-address"} : new String[0];
        run.step("the server starts" + (reuseAddress ? " with SO_REUSEADDR (--reuse-address)" : ""));
        LabProcess server = run.startServer(switches);
        int port = run.port();

        run.step("the client connects and sends a line, then stays connected");
        LabProcess client = run.client("A");
        int c = run.portOf(client);
        run.echo(client, "before the kill");

        run.step("the server is killed (kill -9), the client is not");
        server.kill();
        run.observeWire("the killed server's kernel closes its end: [F.] from the server", () -> {
            Frame fin = run.awaitFrame(f -> f.between(port, c) && f.isFin(), "the FIN of the killed server's end");
            return "[" + fin.flags() + "] seq " + fin.seq().orElseThrow();
        });
        run.observe(
                "the server's end, owned by no process, is in FIN_WAIT_2 or TIME_WAIT; the client's in CLOSE_WAIT",
                () -> {
                    TcpConnection old = run.serverKernel()
                            .awaitConnection(
                                    port, c, EnumSet.of(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT), ActivityRun.WAIT);
                    if (old.inode() != 0) {
                        throw new AssertionError(
                                "the server's end still belongs to a process (inode " + old.inode() + ")");
                    }
                    run.clientKernel().awaitConnection(c, port, TcpState.CLOSE_WAIT, ActivityRun.WAIT);
                    return "server :" + port + " " + old.state() + " (inode 0), client :" + c + " CLOSE_WAIT";
                });

        run.step("the server is started again on port " + port + (reuseAddress ? ", again with SO_REUSEADDR" : ""));
        LabProcess restart = run.restartServer(switches);
        if (reuseAddress) {
            run.observe("the new server listens at once, while the old connection still holds the port", () -> {
                String listening = run.awaitListener(restart, ActivityRun.WAIT);
                return listening + " beside the old " + oldEnd(run, c);
            });
            run.step("a new client connects to the restarted server");
            run.observe("the restarted server echoes it", () -> {
                run.echo(run.client("B"), "after the restart");
                return "client B's line came back";
            });
        } else {
            boolean[] listens = {false};
            run.observe(
                    "the restart cannot listen: bind() fails with EADDRINUSE while the old connection holds "
                            + "the port",
                    () -> {
                        String seen;
                        try {
                            seen = run.awaitListener(restart, ActivityRun.WAIT);
                        } catch (AssertionError cannot) {
                            return cannot.getMessage();
                        }
                        listens[0] = true;
                        if (run.serverKernel().find(port, c).isPresent()) {
                            throw new AheadOfActivity("already has activity 8's SO_REUSEADDR: the restart succeeds, "
                                    + "as activity 8 expects (" + seen + " beside the old " + oldEnd(run, c) + ")");
                        }
                        throw new AssertionError("the restart listens (" + seen + ") but the old connection is gone");
                    });
            if (listens[0]) {
                return;
            }
            run.observeOurServer("the server says why in one line and exits with status 1", () -> {
                int status = restart.awaitExit(ActivityRun.WAIT);
                String line = restart.stderrLines().isEmpty()
                        ? ""
                        : restart.stderrLines().get(0);
                if (status != 1 || !line.contains("Address already in use")) {
                    throw new AssertionError("exit status " + status + ", stderr " + restart.stderrLines());
                }
                return line;
            });
            if (!run.server().isOurs()) {
                run.observe("the restart exits with a non-zero status", () -> {
                    int status = restart.awaitExit(ActivityRun.WAIT);
                    if (status == 0) {
                        throw new AssertionError("exit status 0");
                    }
                    return "exit status " + status;
                });
            }
        }
    }

    private static String oldEnd(ActivityRun run, int clientPort) {
        return run.serverKernel()
                .find(run.port(), clientPort)
                .map(t -> "connection :" + run.port() + " -> :" + clientPort + " " + t.state())
                .orElse("connection (already gone)");
    }
}
