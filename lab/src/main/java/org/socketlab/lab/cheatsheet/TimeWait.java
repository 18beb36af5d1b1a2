package org.socketlab.lab.cheatsheet;

import java.time.Duration;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Waits;
import org.socketlab.options.TcpState;

/**
 * The 2MSL timer: the end that closes first (sends the first FIN) stays in TIME_WAIT for 2MSL, 60 s on Linux
 * ({@code TCP_TIMEWAIT_LEN}), so that a late segment of the old connection cannot be taken for a new one's; the other
 * end goes through LAST_ACK to CLOSED at once. When the server closes first (it was killed, activities 4 and 8),
 * the TIME_WAIT is on the server's port, and a restart without SO_REUSEADDR cannot bind it.
 */
final class TimeWait extends CheatSheetActivity {

    TimeWait() {
        super(
                "timewait",
                "The 2MSL timer: TIME_WAIT",
                "Which end of a connection stays in TIME_WAIT, for how long, and why does a restart meet it?");
    }

    @Override
    public boolean wantsTwoHosts() {
        return false;
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts; client A connects and its line is echoed");
        LabProcess server = run.startServer();
        int port = run.port();
        LabProcess a = run.client("A");
        int aPort = run.portOf(a);
        run.echo(a, "A");

        run.step("client A ends its input (CTRL-D): A closes first, the server closes after A's FIN");
        a.closeStdin();
        a.awaitExit(ActivityRun.WAIT);
        run.observeWire("A sends the first FIN, the server the second, A the last ACK", () -> {
            Frame first = run.awaitFrame(f -> f.between(aPort, port) && f.isFin(), "A's FIN");
            Frame second = run.awaitFrame(f -> f.between(port, aPort) && f.isFin(), "the server's FIN");
            Frame last = run.awaitAckOf(second, "A's ACK of the server's FIN");
            if (second.time() < first.time()) {
                throw new AssertionError("the server's FIN came first: " + second.line());
            }
            return "[" + first.flags() + "] from A, [" + second.flags() + "] from the server, [" + last.flags()
                    + "] from A";
        });
        run.observe("A's end, the active closer, is in TIME_WAIT; ss -o counts 2MSL down from 60 s", () -> {
            run.clientKernel().awaitConnection(aPort, port, TcpState.TIME_WAIT, ActivityRun.WAIT);
            HostKernel.Timer timer = HostKernel.Timer.of(HostKernel.ss(run.clientHost(), aPort));
            if (!timer.name().equals("timewait") || timer.seconds() <= 0 || timer.seconds() > 60) {
                throw new AssertionError("A's end shows " + timer);
            }
            return "TIME-WAIT " + timer;
        });
        run.observe("the server's end, the passive closer, is gone (LAST_ACK, then CLOSED)", () -> {
            if (run.serverKernel().find(port, aPort).isPresent()) {
                throw new AssertionError("the server still has "
                        + run.serverKernel().find(port, aPort).get());
            }
            return "no socket on the server's side for port " + aPort;
        });

        run.step("a moment later ss -o reads A's timer again");
        run.observe("the timer has gone down: TIME_WAIT ends by itself after 60 s, nothing is sent", () -> {
            double first =
                    HostKernel.Timer.of(HostKernel.ss(run.clientHost(), aPort)).seconds();
            double[] later = {first};
            Waits.until(
                    () -> {
                        later[0] = HostKernel.Timer.of(HostKernel.ss(run.clientHost(), aPort))
                                .seconds();
                        return later[0] < first;
                    },
                    Duration.ofSeconds(3));
            return first + " s, then " + later[0] + " s left";
        });

        run.step("client B connects; the server is killed (kill -9), its kernel closes first; then B ends its input");
        LabProcess b = run.client("B");
        int bPort = run.portOf(b);
        run.echo(b, "B");
        server.kill();
        run.serverKernel().awaitConnection(port, bPort, TcpState.FIN_WAIT_2, ActivityRun.WAIT);
        b.closeStdin();
        run.observe("now the TIME_WAIT is on the server's port: the side that closed first holds it", () -> {
            run.serverKernel().awaitConnection(port, bPort, TcpState.TIME_WAIT, ActivityRun.WAIT);
            return "TIME-WAIT " + HostKernel.Timer.of(HostKernel.ss(run.serverHost(), port)) + " on port " + port;
        });

        run.step("the server is started again on the same port, without SO_REUSEADDR (activities 4 and 8)");
        LabProcess again = run.restartServer();
        run.observe("bind() fails with EADDRINUSE while the TIME_WAIT lasts", () -> {
            int status = again.awaitExit(ActivityRun.WAIT);
            String line =
                    again.stderrLines().isEmpty() ? "" : again.stderrLines().get(0);
            if (status == 0 || !line.contains("Address already in use")) {
                throw new AssertionError("exit status " + status + ", stderr " + again.stderrLines());
            }
            return line;
        });
    }
}
