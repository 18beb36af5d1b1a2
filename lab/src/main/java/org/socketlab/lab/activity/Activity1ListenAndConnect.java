package org.socketlab.lab.activity;

import java.util.List;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 1: "which variable stores the passive socket? which stores the active socket? when do you get the active
 * socket?" The passive socket is the one in LISTEN; connect() makes two ESTABLISHED ends, the client's and the one
 * accept() returns to the server.
 */
final class Activity1ListenAndConnect extends Activity {

    Activity1ListenAndConnect() {
        super(
                1,
                "Build and run: the passive socket and the two ends",
                "Which variable stores the passive socket? Which stores the active socket? When do you get it?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts: socket, bind, listen, then it blocks in accept()");
        LabProcess server = run.startServer();
        int port = run.port();
        run.observe("one socket LISTENs on the port: the passive socket", () -> {
            List<TcpConnection> listening = run.serverKernel().connections().stream()
                    .filter(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN)
                    .toList();
            if (listening.size() != 1) {
                throw new AssertionError("expected 1 LISTEN socket on port " + port + ", the kernel has " + listening);
            }
            return listening.get(0).local().getAddress().getHostAddress() + ":" + port + " LISTEN";
        });

        run.step("client A connects and sends \"hello\"; the server's accept() returns the active socket");
        LabProcess a = run.client("A");
        int aPort = run.portOf(a);
        run.observe("the line comes back", () -> {
            run.echo(a, "hello");
            return "client A printed \"hello\"";
        });
        run.observe("two ESTABLISHED ends: the client's and the server's active socket", () -> {
            TcpConnection client =
                    run.clientKernel().awaitConnection(aPort, port, TcpState.ESTABLISHED, ActivityRun.WAIT);
            TcpConnection accepted =
                    run.serverKernel().awaitConnection(port, aPort, TcpState.ESTABLISHED, ActivityRun.WAIT);
            if (accepted.inode() == 0) {
                throw new AssertionError("the server's end is ESTABLISHED but not accepted (inode 0)");
            }
            return "client :" + client.local().getPort() + " -> :" + port + " ESTABLISHED, server :" + port + " -> :"
                    + aPort + " ESTABLISHED (accepted, inode " + accepted.inode() + ")";
        });
        run.observe("the passive socket still LISTENs beside them", () -> run.awaitListener(server, ActivityRun.WAIT));
    }
}
