package org.socketlab.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * The lab's messages, one line per event, e.g. {@code Waiting for incoming connections at port 8765} and
 * {@code Incoming connection from 127.0.0.1 remote port 52589}. Each line is flushed at once, so that a student
 * watching the terminal, or a test reading the pipe, sees it when it happens.
 */
public final class LabMessages implements ServerListener {
    private final PrintStream out;
    private final String portNote;

    /**
     * @param out where the lines go (standard output)
     * @param portNote how the port was chosen, appended to the waiting line, or empty
     */
    public LabMessages(PrintStream out, String portNote) {
        this.out = out;
        this.portNote = portNote;
    }

    @Override
    public void listening(InetSocketAddress local) {
        line("Waiting for incoming connections at port " + local.getPort() + portNote);
    }

    @Override
    public void accepted(InetSocketAddress peer) {
        line("Incoming connection from " + describe(peer));
    }

    @Override
    public void closed(InetSocketAddress peer, long bytesEchoed) {
        line("Connection from " + describe(peer) + " closed: " + bytes(bytesEchoed) + " echoed");
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
        line("Server stopped: listening socket closed");
    }

    /** E.g. {@code 127.0.0.1 remote port 52589}. */
    static String describe(InetSocketAddress peer) {
        return peer == null ? "an unknown peer" : peer.getAddress().getHostAddress() + " remote port " + peer.getPort();
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
