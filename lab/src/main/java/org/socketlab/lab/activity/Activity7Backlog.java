package org.socketlab.lab.activity;

import java.time.Duration;
import java.util.List;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 7: "Change the backlog to 1. Start four echo clients. What do you notice in tcpdump? Kill the last
 * client to be started. What is the effect?" Linux queues backlog + 1 connections: while A is served, B and C fill
 * the queue and D's SYN is dropped without an answer; D stays in SYN_SENT and retransmits its SYN after 1 s, until
 * it is killed. A foreign server runs as compiled: with BACKLOG 1 (Send-Q 1), or the activity says what to change.
 */
final class Activity7Backlog extends Activity {

    Activity7Backlog() {
        super(
                7,
                "A backlog of 1",
                "With a backlog of 1, start four clients. What do you notice in tcpdump? Kill the last one: effect?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts with a backlog of 1 (--backlog 1; a foreign server as compiled)");
        run.startServer("--backlog", "1");
        run.requireBacklog(1);
        int port = run.port();

        run.step("client A connects and is served; B and C connect and send a line each");
        LabProcess a = run.client("A");
        run.echo(a, "A is served");
        LabProcess b = run.client("B");
        b.send("B\n");
        LabProcess c = run.client("C");
        c.send("C\n");
        run.observe("the accept queue holds B and C: LISTEN Recv-Q 2, Send-Q (the backlog) 1", () -> {
            run.serverKernel()
                    .awaitCount(
                            t -> t.local().getPort() == port && t.state() == TcpState.LISTEN && t.receiveQueue() == 2,
                            1,
                            "LISTEN with 2 queued",
                            ActivityRun.WAIT);
            int backlog = run.listenBacklog();
            if (backlog != 1) {
                throw new AssertionError("ss shows Send-Q " + backlog + " on the listening socket, expected 1");
            }
            return "Recv-Q 2, Send-Q 1";
        });

        run.step("client D connects: the queue is full");
        LabProcess d = run.clientStarting("D");
        TcpConnection[] dSocket = new TcpConnection[1];
        run.observe("D stays in SYN_SENT: its SYN gets no answer", () -> {
            dSocket[0] = run.clientKernel()
                    .awaitCount(
                            t -> t.remote().getPort() == port && t.state() == TcpState.SYN_SENT,
                            1,
                            "D in SYN_SENT",
                            ActivityRun.WAIT)
                    .get(0);
            run.name(dSocket[0].local().getPort(), "client D");
            return ":" + dSocket[0].local().getPort() + " SYN_SENT";
        });
        run.observeWire("D's SYN is sent again after about 1 s, and nothing comes back: no [S.], no [R]", () -> {
            int dPort = dSocket[0].local().getPort();
            List<Frame> syns = run.awaitFrames(
                    f -> f.between(dPort, port) && f.isSyn(),
                    2,
                    "D's SYN and its retransmission",
                    Duration.ofSeconds(5));
            double gap = syns.get(1).time() - syns.get(0).time();
            if (gap < 0.9 || gap > 2.5) {
                throw new AssertionError("the SYN was retransmitted after " + gap + " s, expected about 1 s");
            }
            List<Frame> answers = run.frames(f -> f.between(port, dPort));
            if (!answers.isEmpty()) {
                throw new AssertionError(
                        "the server answered D: " + answers.get(0).line());
            }
            return String.format("retransmitted after %.2f s, no answer", gap);
        });

        run.step("client D is killed");
        d.kill();
        run.observe("D's socket is gone with D: no SYN is left to retransmit", () -> {
            int dPort = dSocket[0].local().getPort();
            run.clientKernel()
                    .awaitCount(
                            t -> t.local().getPort() == dPort && t.remote().getPort() == port,
                            0,
                            "D's socket gone",
                            ActivityRun.WAIT);
            return "no socket :" + dPort;
        });

        run.step("client A ends with CTRL-D, then B: the queued clients are served in turn");
        a.closeStdin();
        run.observe("B is served, then C", () -> {
            b.awaitLine("^B$", ActivityRun.WAIT);
            if (!c.stdoutLines().isEmpty()) {
                throw new AssertionError("C was echoed while B is connected");
            }
            b.closeStdin();
            c.awaitLine("^C$", ActivityRun.WAIT);
            return "B's line came back, then C's";
        });
    }
}
