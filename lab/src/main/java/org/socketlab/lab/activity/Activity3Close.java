package org.socketlab.lab.activity;

import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 3: "Start the client and terminate it with CTRL-D. What do you observe with tcpdump? Why? Solve the
 * problem." First the bug, as the lab's C server has it ({@code --fault no-close}): the client's FIN is ACKed by the
 * server's kernel but no FIN comes back (server CLOSE_WAIT, client FIN_WAIT_2) until the server is stopped with
 * CTRL-C, when the kernel closes the socket the program forgot. Then the solved server: its FIN follows the client's
 * at once, and the client, which closed first, keeps the connection in TIME_WAIT. A foreign server, or ours with
 * {@code --server-args}, is judged as the solution only.
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
        String name = "A";
        if (run.server().isAsBuilt()) {
            withoutClose(run);
            name = "B";
        }
        withClose(run, name);
    }

    /** The handout's server: the connection stays half-closed until the process ends. */
    private static void withoutClose(ActivityRun run) {
        run.step("the handout's server starts: it never calls close() on the active socket (--fault no-close)");
        LabProcess server = run.startServer("--fault", "no-close");
        int port = run.port();

        run.step("client A connects and sends \"hello\"");
        LabProcess client = run.client("A");
        int c = run.portOf(client);
        run.echo(client, "hello");

        run.step("client A ends with CTRL-D: it sends its FIN, and none comes back");
        client.closeStdin();
        clientFinAcked(run, c, port);
        run.observe("the server's end stays in CLOSE_WAIT, the client's in FIN_WAIT_2", () -> {
            run.serverKernel().awaitConnection(port, c, TcpState.CLOSE_WAIT, ActivityRun.WAIT);
            run.clientKernel().awaitConnection(c, port, TcpState.FIN_WAIT_2, ActivityRun.WAIT);
            return ":" + port + " -> :" + c + " CLOSE_WAIT, :" + c + " -> :" + port + " FIN_WAIT_2";
        });
        run.observeWire("no [F.] from the server: it went back to accept() without close()", () -> {
            // Once the server says so, a FIN it sent would already be on the wire.
            server.awaitLine("the active socket is NOT closed", ActivityRun.WAIT);
            if (!run.frames(f -> f.between(port, c) && f.isFin()).isEmpty()) {
                throw new AssertionError("the server sent a FIN: it closed the socket");
            }
            return "the server printed its line, no FIN from :" + port + ", client A still waits";
        });

        run.step("the server is stopped with CTRL-C: the kernel closes the socket it forgot, its FIN goes at last");
        server.signal("INT");
        int status = server.awaitExit(ActivityRun.WAIT);
        run.observeWire("the server's [F.] comes now, when its process ends", () -> {
            Frame fin = run.awaitFrame(f -> f.between(port, c) && f.isFin(), "the server's FIN after CTRL-C");
            return "[" + fin.flags() + "] seq " + fin.seq().orElseThrow() + " after the server exited (status " + status
                    + ")";
        });
        clientEndsInTimeWait(run, client, c, port);
    }

    /** The solved server: close() after the client's EOF. */
    private static void withClose(ActivityRun run, String name) {
        run.step("the solved server starts: it calls close() once the client has sent its EOF");
        run.startServer();
        int port = run.port();

        run.step("client " + name + " connects and sends \"hello\"");
        LabProcess client = run.client(name);
        int c = run.portOf(client);
        run.echo(client, "hello");

        run.step("client " + name + " ends with CTRL-D: it sends its FIN, and the server's follows");
        client.closeStdin();
        clientFinAcked(run, c, port);
        run.observeWire("the server closes the active socket: its [F.] follows", () -> {
            Frame fin = run.awaitFrame(f -> f.between(port, c) && f.isFin(), "the server's FIN (close() was called)");
            return "[" + fin.flags() + "] seq " + fin.seq().orElseThrow();
        });
        run.observe("the server's end is gone (not CLOSE_WAIT: close() was called)", () -> {
            run.serverKernel()
                    .awaitCount(
                            t -> t.local().getPort() == port && t.remote().getPort() == c,
                            0,
                            "the server's end of the connection gone",
                            ActivityRun.WAIT);
            return "no socket :" + port + " -> :" + c;
        });
        clientEndsInTimeWait(run, client, c, port);
    }

    private static void clientFinAcked(ActivityRun run, int c, int port) {
        run.observeWire("the client's [F.] is ACKed by the server's kernel", () -> {
            Frame fin = run.awaitFrame(f -> f.between(c, port) && f.isFin(), "the client's FIN");
            Frame ack = run.awaitAckOf(fin, "the server's ACK of that FIN");
            return "FIN seq " + fin.seq().orElseThrow() + ", ACKed by [" + ack.flags() + "] ack "
                    + ack.ack().orElseThrow();
        });
    }

    private static void clientEndsInTimeWait(ActivityRun run, LabProcess client, int c, int port) {
        run.observe("the client's end is in TIME_WAIT (not FIN_WAIT_2) and the client exits", () -> {
            TcpConnection end = run.clientKernel().awaitConnection(c, port, TcpState.TIME_WAIT, ActivityRun.WAIT);
            int status = client.awaitExit(ActivityRun.WAIT);
            return ":" + end.local().getPort() + " TIME_WAIT, client exit status " + status;
        });
    }
}
