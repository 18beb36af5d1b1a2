package org.socketlab.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import org.socketlab.options.Addresses;

/**
 * The lab's messages, one line per event, printed when it happens, e.g. {@code Waiting for incoming connections at
 * port 8765 (pid 4242)} and {@code Incoming connection from 127.0.0.1 remote port 52589}. Thread-safe: a
 * {@link PrintStream} writes each line whole.
 */
public final class LabMessages implements ServerListener {
    private final PrintStream out;
    private final String portNote;
    private final Switches switches;
    private final String suffix;
    /** Whether the server is a UDP one, for the last line. */
    private volatile boolean datagrams;
    /** Read when the server starts: at the limit, reading /proc/self/limits would itself need a descriptor. */
    private final OptionalLong descriptorLimit = Descriptors.limit();

    /**
     * The library's lines, which name no switch.
     *
     * @param out where the lines go (standard output)
     * @param portNote how the port was chosen, added to the waiting line, or empty
     */
    public LabMessages(PrintStream out, String portNote) {
        this(out, portNote, Switches.NONE);
    }

    /** A program's lines: each also names the switch of the setting it points to, as {@code switches} call it. */
    public LabMessages(PrintStream out, String portNote, Switches switches) {
        this(out, portNote, switches, "");
    }

    private LabMessages(PrintStream out, String portNote, Switches switches, String suffix) {
        this.out = out;
        this.portNote = portNote;
        this.switches = switches;
        this.suffix = suffix;
    }

    /** The same messages for one worker of a concurrent server, each connection line ending {@code (worker LABEL)}. */
    public LabMessages forWorker(String label) {
        return new LabMessages(out, portNote, switches, " (worker " + label + ")");
    }

    @Override
    public void listening(InetSocketAddress local) {
        waiting("incoming connections", local);
    }

    @Override
    public void waitingForDatagrams(InetSocketAddress local) {
        datagrams = true;
        waiting("datagrams", local);
    }

    /** E.g. {@code Waiting for datagrams at port 8765 (pid 4242)}, with how the port was chosen if it was. */
    private void waiting(String what, InetSocketAddress local) {
        String note = portNote.isEmpty() ? "" : "; " + portNote;
        out.println("Waiting for " + what + " at port " + local.getPort() + " (pid "
                + ProcessHandle.current().pid() + note + ")");
    }

    @Override
    public void datagramEchoed(InetSocketAddress peer, int received, int echoed) {
        if (echoed == received) {
            out.println("Datagram from " + describe(peer) + ": " + bytes(received) + " echoed");
        } else {
            out.println("Datagram from " + describe(peer) + ": " + bytes(received) + " received, " + echoed
                    + " echoed, " + (received - echoed) + " lost: the receive buffer holds " + bytes(echoed)
                    + switchOf(Switches.Setting.BUFFER) + ", the rest of the datagram is cut");
        }
    }

    @Override
    public void datagramFailed(InetSocketAddress peer, IOException cause) {
        out.println("Datagram " + (peer == null ? "" : "from " + describe(peer) + " ") + "not echoed: "
                + cause.getMessage() + "; waiting for the next");
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
                + " echoed; the active socket is NOT closed" + switchOf(Switches.Setting.NO_CLOSE_FAULT));
    }

    @Override
    public void failed(InetSocketAddress peer, long bytesEchoed, IOException cause) {
        String why = cause instanceof SocketTimeoutException
                ? "idle longer than the read timeout, closed by the server"
                : cause.getMessage();
        line("Connection from " + describe(peer) + " failed after " + bytes(bytesEchoed) + " echoed: " + why
                + "; serving the next client");
    }

    /** A connection accepted and closed at once, because the server cannot serve it ({@code why}). */
    public void refused(InetSocketAddress peer, String why) {
        line("Connection from " + describe(peer) + " refused: " + why + "; serving the others");
    }

    /** A worker of a concurrent server ended unexpectedly and a new one was started in its place. */
    public void workerReplaced(String label, String why) {
        out.println("Worker " + label + " died (" + why + "); a new worker " + label + " takes its place");
    }

    /** A worker of a concurrent server could not be started; the server goes on with the others. */
    public void workerLost(String label, String why) {
        out.println("Worker " + label + " could not be started (" + why + "); the other workers go on");
    }

    /** The process model's parent started child {@code pid} to serve {@code peer}. */
    public void childServes(long pid, InetSocketAddress peer) {
        out.println("Child " + pid + " serves " + describe(peer));
    }

    /** The parent reaped child {@code pid}, which served {@code peer} (null if unknown) and ended as {@code how}. */
    public void childReaped(long pid, InetSocketAddress peer, String how) {
        out.println("Child " + pid + (peer == null ? "" : " (" + describe(peer) + ")") + " reaped: " + how);
    }

    /** A worker of the process pool was started as child {@code pid}. */
    public void workerProcessStarted(String label, long pid) {
        out.println("Worker " + label + " is child " + pid + ": a sequential server on the listening socket");
    }

    /** A server that only sends (the greeting server) sent {@code bytes} and closed the connection. */
    public void sentAndClosed(InetSocketAddress peer, long bytes) {
        line("Connection from " + describe(peer) + " closed: " + bytes(bytes) + " sent");
    }

    @Override
    public void acceptFailed(IOException cause, Duration pause) {
        out.println("accept() failed: " + explain(cause) + ": new clients wait in the backlog; accept() paused for "
                + pause.toMillis() + " ms at a time until it works again");
    }

    @Override
    public void acceptStillFailing(long failures, Duration since) {
        out.println("accept() still failing: " + failures + " failures in " + since.toSeconds() + " s");
    }

    @Override
    public void acceptRecovered(long failures, Duration since) {
        out.println("accept() works again after " + failures + (failures == 1 ? " failure" : " failures") + " in "
                + since.toSeconds() + " s; serving new clients");
    }

    @Override
    public void stopped() {
        out.println("Server stopped: " + (datagrams ? "datagram" : "listening") + " socket closed");
    }

    /** EMFILE and ENFILE said with the limit and what to do; anything else as the JDK says it. */
    private String explain(IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Too many open files in system")) {
            return "too many open files in the system (ENFILE, the kernel's fs.file-max)";
        }
        if (message.contains("Too many open files")) {
            return "too many open files (EMFILE: all "
                    + (descriptorLimit.isPresent() ? descriptorLimit.getAsLong() + " " : "")
                    + "descriptors of this process are in use); raise the limit with ulimit -n"
                    + switches.of(Switches.Setting.MAX_CONNECTIONS)
                            .map(s -> ", or lower " + s)
                            .orElse("");
        }
        return message;
    }

    /** E.g. {@code  (--buffer)}: the program's switch for {@code setting}, or nothing. */
    private String switchOf(Switches.Setting setting) {
        return switches.of(setting).map(s -> " (" + s + ")").orElse("");
    }

    /** E.g. {@code 127.0.0.1 remote port 52589}, {@code ::1 remote port 40312}. */
    static String describe(InetSocketAddress peer) {
        return peer == null ? "an unknown peer" : Addresses.text(peer.getAddress()) + " remote port " + peer.getPort();
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    private void line(String text) {
        out.println(text + suffix);
    }
}
