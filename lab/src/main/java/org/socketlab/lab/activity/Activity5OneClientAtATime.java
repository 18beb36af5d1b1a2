package org.socketlab.lab.activity;

import java.util.List;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 5: "start two echo clients. What happens if after starting the first client but before asking for an
 * echo, we start the second? Both clients send information. What happens?" The kernel completes B's handshake and
 * ACKs its data by itself: the connection waits in the accept queue with the bytes in its receive queue, until the
 * sequential server is done with A.
 */
final class Activity5OneClientAtATime extends Activity {

    Activity5OneClientAtATime() {
        super(5, "Two clients at once", "Start a second client while the first is connected. Both send. What happens?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts");
        LabProcess server = run.startServer();
        int port = run.port();

        run.step("client A connects and sends \"A is served\"");
        LabProcess a = run.client("A");
        run.echo(a, "A is served");

        run.step("client B connects and sends \"B waits\" (8 bytes) while A is connected");
        LabProcess b = run.client("B");
        int bPort = run.portOf(b);
        b.send("B waits\n");
        run.observeWire("B's 8 bytes are ACKed by the server's kernel: a [.] without data", () -> {
            Frame data = run.awaitFrame(f -> f.between(bPort, port) && f.length() == 8, "B's 8 bytes");
            Frame ack = run.awaitAckOf(data, "the ACK of B's 8 bytes");
            if (!ack.isPureAck()) {
                throw new AssertionError("B's data was ACKed by " + ack.line());
            }
            return "seq " + data.seq().orElseThrow() + ":" + data.seqEnd().orElseThrow() + ", [" + ack.flags()
                    + "] ack " + ack.ack().orElseThrow();
        });
        run.observe("but not echoed: Recv-Q 8, not yet accepted", () -> {
            TcpConnection queued = run.serverKernel()
                    .awaitCount(
                            t -> t.local().getPort() == port
                                    && t.remote().getPort() == bPort
                                    && t.state() == TcpState.ESTABLISHED
                                    && t.receiveQueue() == 8,
                            1,
                            "B's end with 8 bytes unread",
                            ActivityRun.WAIT)
                    .get(0);
            if (queued.inode() != 0) {
                throw new AssertionError("B's connection was accepted (inode " + queued.inode() + ")");
            }
            return "ESTABLISHED, Recv-Q " + queued.receiveQueue() + ", inode 0 (in the accept queue)";
        });

        run.observeOurServer("the server has accepted A only", () -> {
            List<String> accepted = server.stdoutLines().stream()
                    .filter(l -> l.startsWith("Incoming connection"))
                    .toList();
            if (accepted.size() != 1) {
                throw new AssertionError("the server accepted " + accepted);
            }
            return accepted.get(0);
        });

        run.step("client A sends another line while B waits");
        run.observe("A is still served and B still gets nothing", () -> {
            run.echo(a, "A again");
            if (!b.stdoutLines().isEmpty()) {
                throw new AssertionError("B printed " + b.stdoutLines() + " while A is connected");
            }
            return "A's line came back, B printed nothing";
        });
        run.observeWire("no data from the server to B", () -> {
            var sent = run.frames(f -> f.between(port, bPort) && f.length() > 0);
            if (!sent.isEmpty()) {
                throw new AssertionError("the server sent B " + sent.get(0).line());
            }
            return "none";
        });

        run.step("client A ends with CTRL-D");
        a.closeStdin();
        run.observe("A exits with status 0", () -> "status " + a.awaitExit(ActivityRun.WAIT));
        run.observe("the server accepts B and B's echo arrives at once", () -> {
            b.awaitLine("^B waits$", ActivityRun.WAIT);
            run.serverKernel()
                    .awaitCount(
                            t -> t.local().getPort() == port && t.remote().getPort() == bPort && t.inode() != 0,
                            1,
                            "B's end accepted",
                            ActivityRun.WAIT);
            return "B printed \"B waits\"; its end now belongs to the server";
        });
        run.observeOurServer(
                "the server names B's connection only now",
                () -> server.awaitLine("^Incoming connection from \\S+ remote port " + bPort + "\\b", ActivityRun.WAIT)
                        .group());
    }
}
