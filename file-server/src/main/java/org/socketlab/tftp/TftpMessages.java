package org.socketlab.tftp;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import org.socketlab.tftp.Packet.Request;

/**
 * The server's lines, one per event, printed when it happens, e.g.
 * {@code Waiting for TFTP requests at port 6969, serving /srv/tftp (read-only)} and
 * {@code Sent 'a.bin' to 127.0.0.1 port 40512: 1,048,576 bytes in 2,049 blocks, 0 retransmissions, 0.35 s}.
 */
public final class TftpMessages {
    private final PrintStream out;

    public TftpMessages(PrintStream out) {
        this.out = out;
    }

    void waiting(int port, RootDirectory root, boolean allowWrite) {
        line("Waiting for TFTP requests at port " + port + ", serving " + root.path() + " ("
                + (allowWrite ? "uploads allowed" : "read-only") + ")");
    }

    /** How a request came to wait in the requests' queue before it was served. */
    enum Queued {
        /** It came while the server waited for requests. */
        NOT,
        /** It came while another transfer ran. */
        DURING_A_TRANSFER,
        /** It came after an upload had ended, while the server lingered in case the last block came again. */
        WHILE_LINGERING
    }

    void request(InetSocketAddress client, Request request, int transferPort, Queued queued, Duration linger) {
        String options = request.options().isEmpty()
                ? ""
                : request.options().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ", ", ", ""));
        line((request.isWrite() ? "Write" : "Read") + " request from " + describe(client) + ": '"
                + request.filename() + "' " + request.mode() + options + "; transfer from port " + transferPort
                + switch (queued) {
                    case NOT -> "";
                    case DURING_A_TRANSFER ->
                        " (it waited in the queue while the server was busy: one request at a time)";
                    case WHILE_LINGERING ->
                        " (it waited in the queue while the server lingered " + linger.toSeconds()
                                + " s after the last upload, in case its last ACK was lost and the last block came again:"
                                + " one request at a time)";
                });
    }

    void sent(InetSocketAddress client, String name, Transfer.Stats stats) {
        line("Sent '" + name + "' to " + describe(client) + ": " + summary(stats));
    }

    void received(InetSocketAddress client, String name, Transfer.Stats stats) {
        line("Received '" + name + "' from " + describe(client) + ": " + summary(stats));
    }

    void refused(InetSocketAddress client, String what, TftpException e) {
        line("Refused " + what + " from " + describe(client) + ": " + e.code() + " sent, " + e.reason());
    }

    void failed(InetSocketAddress client, String name, TransferFailed e) {
        line("Transfer of '" + name + "' with " + describe(client) + " abandoned: " + e.getMessage());
    }

    void failed(InetSocketAddress client, Exception e) {
        line("The request from " + describe(client) + " failed: " + e + "; serving the next (-v for details)");
    }

    void unknownTid(InetSocketAddress stranger, InetSocketAddress client) {
        line("A packet from " + describe(stranger) + " to the transfer with " + describe(client) + ": "
                + ErrorCode.UNKNOWN_TID + " sent to it, the transfer goes on");
    }

    void duplicate(InetSocketAddress client) {
        line("The request from " + describe(client) + " came again while it was served (the client sent it again "
                + "after a loss): ignored");
    }

    void stopped() {
        line("Server stopped");
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    private static String summary(Transfer.Stats s) {
        return String.format(
                Locale.ROOT,
                "%s in %s, %s, %.2f s",
                count(s.bytes(), "byte"),
                count(s.blocks(), "block"),
                count(s.retransmissions(), "retransmission"),
                s.elapsed().toNanos() / 1e9);
    }

    /** {@code 1 block}, {@code 65,537 blocks}. */
    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + " port " + address.getPort();
    }
}
