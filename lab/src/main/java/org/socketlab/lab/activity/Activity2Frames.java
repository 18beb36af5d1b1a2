package org.socketlab.lab.activity;

import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpState;

/**
 * Activity 2: "observe the exchange of frames with tcpdump (connection establishment, sending of data in both
 * directions, acknowledgements and end of connection)".
 */
final class Activity2Frames extends Activity {

    Activity2Frames() {
        super(
                2,
                "The frames with tcpdump: handshake, data, ACKs, FINs",
                "Observe the exchange of frames: connection establishment, data both ways, acknowledgements, end.");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts and tcpdump listens on its port");
        run.startServer();
        int port = run.port();

        run.step("the client connects: the three-way handshake");
        LabProcess client = run.client("A");
        int c = run.portOf(client);
        run.observeWire("[S] from the client, [S.] from the server, [.] from the client", () -> {
            Frame syn = run.awaitFrame(f -> f.between(c, port) && f.isSyn(), "the client's SYN");
            Frame synAck = run.awaitFrame(f -> f.between(port, c) && f.isSynAck(), "the server's SYN-ACK");
            Frame ack = run.awaitFrame(
                    f -> f.between(c, port) && f.isPureAck() && f.time() >= synAck.time(),
                    "the client's ACK of the SYN-ACK");
            return "SYN mss " + syn.mss().orElse(0) + ", SYN-ACK mss "
                    + synAck.mss().orElse(0) + ", ACK " + ack.ack().orElse(-1);
        });

        run.step("client A types \"hello\": 6 bytes go, the same 6 come back");
        run.echo(client, "hello");
        run.observeWire("the client's [P.] of 6 bytes is ACKed by the server", () -> {
            Frame data = run.awaitFrame(f -> f.between(c, port) && f.length() == 6, "the client's 6 bytes");
            Frame ack = run.awaitAckOf(data, "the server's ACK");
            return "seq " + data.seq().orElseThrow() + ":" + data.seqEnd().orElseThrow() + ", acked by the server's "
                    + describe(ack);
        });
        run.observeWire("the echo's [P.] of 6 bytes from the server is ACKed by the client", () -> {
            Frame echo = run.awaitFrame(f -> f.between(port, c) && f.length() == 6, "the server's echo");
            Frame ack = run.awaitAckOf(echo, "the client's ACK");
            return "seq " + echo.seq().orElseThrow() + ":" + echo.seqEnd().orElseThrow() + ", acked by the client's "
                    + describe(ack);
        });

        run.step("client A types a second line, \"again\": its ACK may ride on the echo");
        run.echo(client, "again");
        run.observeWire("the second line is ACKed by the server: by a [.] of its own or on the echo's [P.]", () -> {
            Frame data = run.awaitFrame(
                    f -> f.between(c, port) && f.length() == 6 && f.seq().orElse(0) > 1, "the client's second line");
            Frame ack = run.awaitAckOf(data, "the server's ACK");
            return "seq " + data.seq().orElseThrow() + ":" + data.seqEnd().orElseThrow() + ", acked by the server's "
                    + describe(ack)
                    + (ack.length() > 0
                            ? ": the ACK rides on the echo (once the server has answered, its kernel delays ACKs"
                                    + " for a reply to carry them: delayed ACK)"
                            : ": a pure ACK (the kernel did not wait for the echo this time)");
        });

        run.step("client A ends with CTRL-D: the FIN exchange");
        client.closeStdin();
        run.observeWire("[F.] from the client, ACKed; [F.] from the server, ACKed by the client's last [.]", () -> {
            Frame clientFin = run.awaitFrame(f -> f.between(c, port) && f.isFin(), "the client's FIN");
            Frame serverFin = run.awaitFrame(f -> f.between(port, c) && f.isFin(), "the server's FIN");
            run.awaitAckOf(clientFin, "the server's ACK of the client's FIN");
            Frame last = run.awaitAckOf(serverFin, "the client's last ACK");
            return "client FIN seq " + clientFin.seq().orElseThrow() + ", server FIN seq "
                    + serverFin.seq().orElseThrow() + ", last ACK " + last.ack().orElseThrow();
        });
        run.observe("the client, which closed first, keeps the connection in TIME_WAIT", () -> {
            run.clientKernel().awaitConnection(c, port, TcpState.TIME_WAIT, ActivityRun.WAIT);
            return ":" + c + " -> :" + port + " TIME_WAIT";
        });
    }

    private static String describe(Frame frame) {
        return "[" + frame.flags() + "] ack " + frame.ack().orElse(-1)
                + (frame.length() > 0 ? " (with " + frame.length() + " bytes)" : "");
    }
}
