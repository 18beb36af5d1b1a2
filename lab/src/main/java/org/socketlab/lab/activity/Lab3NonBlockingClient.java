package org.socketlab.lab.activity;

import org.socketlab.lab.fixture.LabProcess;

/**
 * Lab 3, question 1: "Make the client non-blocking with fcntl(sd, F_SETFL, O_NONBLOCK). Poll on EWOULDBLOCK and
 * print a counter that goes up each time it waits for the echo. Without the fcntl call the counter should stay
 * still." The sequential server, busy with client A, makes B's echo wait: the polling client's counter climbs.
 */
final class Lab3NonBlockingClient extends Activity {

    Lab3NonBlockingClient() {
        super(1, "The non-blocking client's counter", "Poll on EWOULDBLOCK: does the counter go up while you wait?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the sequential server starts");
        run.startServer();

        run.step("client A connects and holds the server");
        LabProcess a = run.client("A");
        run.echo(a, "A holds the server");

        run.step("client B (--nonblocking: O_NONBLOCK, reads until EWOULDBLOCK stops) sends a line and polls");
        LabProcess b = run.client("B", "--nonblocking");
        b.send("B polls\n");
        run.step("client C (blocking) sends a line and blocks in read()");
        LabProcess c = run.client("C");
        c.send("C blocks\n");
        run.echo(a, "A again");

        run.step("client A ends with CTRL-D: the server gets to B, then C");
        a.closeStdin();
        run.observe("B's echo comes, after a counter that went up while it waited", () -> {
            b.awaitLine("^B polls$", ActivityRun.WAIT);
            long polls = Long.parseLong(b.awaitErrLine("^client: polls before the echo: (\\d+)$", ActivityRun.WAIT)
                    .group(1));
            if (polls < 1) {
                throw new AssertionError("the counter stayed at " + polls);
            }
            return "client: polls before the echo: " + polls;
        });
        b.closeStdin();
        run.observe("the blocking client C never polls: its counter would stay still", () -> {
            c.awaitLine("^C blocks$", ActivityRun.WAIT);
            if (c.stderrLines().stream().anyMatch(l -> l.contains("polls"))) {
                throw new AssertionError("C printed " + c.stderrLines());
            }
            return "C's echo came from one blocking read, no poll line";
        });
        c.closeStdin();
    }
}
