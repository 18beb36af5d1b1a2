package org.socketlab.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * The lab's messages, one line per event, e.g. {@code Waiting for incoming connections at port 8765} and
 * {@code Incoming connection from 127.0.0.1 remote port 52589}. The waiting and the stopped lines are written at
 * once; the per-connection lines within {@value TimelyOutput#DELAY_MILLIS} ms, in batches, so that printing
 * costs the accept loop no system call, and the two lines of every connection are formatted off the accept loop
 * (see {@link TimelyOutput}).
 */
public final class LabMessages implements ServerListener {
    private final TimelyOutput out;
    private final String portNote;
    private final String suffix;

    /**
     * @param out where the lines go (standard output)
     * @param portNote how the port was chosen, appended to the waiting line, or empty
     */
    public LabMessages(OutputStream out, String portNote) {
        this(new TimelyOutput(out), portNote, "");
    }

    private LabMessages(TimelyOutput out, String portNote, String suffix) {
        this.out = out;
        this.portNote = portNote;
        this.suffix = suffix;
    }

    /**
     * The same messages for one worker of a concurrent server, each connection line ending with
     * {@code (worker LABEL)}; the lines of all workers go through one output, in order.
     */
    public LabMessages forWorker(String label) {
        return new LabMessages(out, portNote, " (worker " + label + ")");
    }

    @Override
    public void listening(InetSocketAddress local) {
        out.lineNow("Waiting for incoming connections at port " + local.getPort() + portNote);
    }

    @Override
    public void accepted(InetSocketAddress peer) {
        out.line(() -> "Incoming connection from " + describe(peer) + suffix);
    }

    @Override
    public void closed(InetSocketAddress peer, long bytesEchoed) {
        out.line(() -> "Connection from " + describe(peer) + " closed: " + bytes(bytesEchoed) + " echoed" + suffix);
    }

    /** A worker of a concurrent server ended unexpectedly and a new one was started in its place. */
    public void workerReplaced(String label, String why) {
        out.line("Worker " + label + " died (" + why + "); a new worker " + label + " takes its place");
    }

    /** A server that only sends (the greeting server) sent {@code bytes} and closed the connection. */
    public void sentAndClosed(InetSocketAddress peer, long bytes) {
        line("Connection from " + describe(peer) + " closed: " + bytes(bytes) + " sent");
    }

    @Override
    public void leftOpen(InetSocketAddress peer, long bytesEchoed) {
        line("Connection from " + describe(peer) + " ended by the client: " + bytes(bytesEchoed)
                + " echoed; the active socket is NOT closed (--fault no-close)");
    }

    @Override
    public void failed(InetSocketAddress peer, long bytesEchoed, IOException cause) {
        String why = cause instanceof SocketTimeoutException ? "idle longer than the read timeout, closed by the server"
                : cause.getMessage();
        line("Connection from " + describe(peer) + " failed after " + bytes(bytesEchoed) + " echoed: " + why
                + "; serving the next client");
    }

    @Override
    public void acceptFailed(IOException cause) {
        line("accept() failed: " + cause.getMessage() + "; still listening");
    }

    @Override
    public void stopped() {
        out.lineNow("Server stopped: listening socket closed");
    }

    /** E.g. {@code 127.0.0.1 remote port 52589}. */
    static String describe(InetSocketAddress peer) {
        return peer == null ? "an unknown peer" : peer.getAddress().getHostAddress() + " remote port " + peer.getPort();
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private void line(String text) {
        out.line(text + suffix);
    }
}
