package org.socketlab.lab.activity;

import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 3: "Start the client and terminate it with CTRL-D. What do you observe with tcpdump? Why? Solve the
 * problem." The lab's C server never calls close() on the active socket: the client's FIN is ACKed by the server's
 * kernel but no FIN comes back (server CLOSE_WAIT, client FIN_WAIT2). The solved server's FIN ends the connection;
 * the client, which closed first, keeps it in TIME_WAIT. {@code --server-args "--fault no-close"} shows the bug.
 */
final class Activity3Close extends Activity {

    Activity3Close() {
        super(
                3,
                "The server that forgets close()",
                "Terminate the client with CTRL-D. What do you observe with tcpdump? Why? Solve the problem.");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts");
        run.startServer();
        int port = run.port();

        run.step("the client connects and sends \"hello\"");
        LabProcess client = run.client("A");
        int c = run.portOf(client);
        run.echo(client, "hello");

        run.step("the client ends with CTRL-D: it sends its FIN");
        client.closeStdin();
        run.observeWire("the client's [F.] is ACKed by the server's kernel", () -> {
            Frame fin = run.awaitFrame(f -> f.between(c, port) && f.isFin(), "the client's FIN");
            Frame ack = run.awaitAckOf(fin, "the server's ACK of that FIN");
            return "FIN seq " + fin.seq().orElseThrow() + ", ACKed by [" + ack.flags() + "] ack "
                    + ack.ack().orElseThrow();
        });
        run.observeWire("the server closes the active socket: its [F.] follows", () -> {
            Frame fin = run.awaitFrame(f -> f.between(port, c) && f.isFin(), "the server's FIN (close() was called)");
            return "[" + fin.flags() + "] seq " + fin.seq().orElseThrow();
        });
        run.observe("the server's end is gone (not CLOSE_WAIT: close() was called)", () -> {
            run.serverKernel()
                    .awaitCount(
                            t -> t.local().getPort() == port && t.remote().getPort() == c,
                            0,
                            "the server's end gone",
                            ActivityRun.WAIT);
            return "no socket :" + port + " -> :" + c;
        });
        run.observe("the client's end is in TIME_WAIT (not FIN_WAIT2) and the client exits", () -> {
            TcpConnection end = run.clientKernel().awaitConnection(c, port, TcpState.TIME_WAIT, ActivityRun.WAIT);
            int status = client.awaitExit(ActivityRun.WAIT);
            return ":" + end.local().getPort() + " TIME_WAIT, client exit status " + status;
        });
    }
}
