package org.socketlab.lab.activity;

import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;

/**
 * Activity 6: "Now kill the second client and then kill the first. You should observe a RESET frame. Why?" When A
 * dies the server accepts B's queued connection and writes the echo of B's line; no process owns B's end any
 * more, so B's kernel answers with a RST. The C server dies of SIGPIPE on its next write; ours goes on.
 */
final class Activity6Rst extends Activity {

    Activity6Rst() {
        super(6, "The RST", "Kill the second client and then the first. You should observe a RESET frame. Why?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts; client A is served; client B connects and sends \"queued\" (7 bytes)");
        LabProcess server = run.startServer();
        int port = run.port();
        LabProcess a = run.client("A");
        run.echo(a, "A");
        LabProcess b = run.client("B");
        int bPort = run.portOf(b);
        b.send("queued\n");
        run.observe(
                "B's line waits unread in the accept queue",
                () -> run.serverKernel()
                                .awaitCount(
                                        t -> t.local().getPort() == port
                                                && t.remote().getPort() == bPort
                                                && t.receiveQueue() == 7
                                                && t.inode() == 0,
                                        1,
                                        "B's 7 bytes queued",
                                        ActivityRun.WAIT)
                                .get(0)
                                .state()
                        + ", Recv-Q 7");

        run.step("client B is killed (kill -9)");
        b.kill();
        run.observeWire("B's kernel closes B's end: [F.] from B", () -> {
            Frame fin = run.awaitFrame(f -> f.between(bPort, port) && f.isFin(), "the FIN of the killed B");
            return "[" + fin.flags() + "] seq " + fin.seq().orElseThrow();
        });

        run.step("client A is killed (kill -9): the server accepts B and writes B's echo");
        a.kill();
        run.observeWire("the server's echo of 7 bytes to B is answered by B's kernel with [R]", () -> {
            Frame echo = run.awaitFrame(f -> f.between(port, bPort) && f.length() == 7, "the server's echo to B");
            Frame rst = run.awaitFrame(
                    f -> f.between(bPort, port) && f.isRst() && f.time() >= echo.time(),
                    "the RST from B's port after the echo");
            return "echo seq " + echo.seq().orElseThrow() + ", then [" + rst.flags() + "] from :" + bPort;
        });
        run.observeOurServer("the server reports the RST in one line and goes on", () -> {
            String line = server.awaitLine(
                            "^Connection from \\S+ remote port " + bPort + " failed after 7 bytes "
                                    + "echoed: .*RST.*; serving the next client$",
                            ActivityRun.WAIT)
                    .group();
            long aboutB = server.stdoutLines().stream()
                    .filter(l -> l.contains("remote port " + bPort))
                    .count();
            if (aboutB != 2) {
                throw new AssertionError(
                        aboutB + " lines about B, expected 2 (accepted, failed): " + server.stdoutLines());
            }
            return line;
        });

        run.step("client C connects and sends a line");
        run.observe("the server still serves: C's line comes back", () -> {
            run.echo(run.client("C"), "C is served");
            if (!server.isAlive()) {
                throw new AssertionError("the server exited");
            }
            return "client C's line came back";
        });
    }
}
