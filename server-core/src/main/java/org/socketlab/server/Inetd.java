package org.socketlab.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.ConnectionHandler;
import org.socketlab.options.Addresses;

/**
 * inetd's convention: a program started for one connection finds it as its standard input and output, already
 * accepted ({@code systemd-socket-activate --inetd}, socat's {@code EXEC:}, inetd and xinetd, and the process
 * model's parent). The JDK hands it over as {@link System#inheritedChannel()}. Standard output is the connection
 * itself: every line of the lab goes to {@code log} (standard error), never into the stream.
 *
 * <p>The exit statuses tell the parent how the connection ended; a C child killed by SIGPIPE has no status, a Java
 * child gets an exception where C gets the signal, and says which with {@link #BROKEN_PIPE} or {@link #RESET}.
 */
public final class Inetd {
    /** The peer's EOF came, everything was echoed, the connection was closed. */
    public static final int SERVED = 0;
    /** Standard input was not a connected socket. */
    public static final int NOT_A_SOCKET = 2;
    /** A write found the connection closed by the peer (EPIPE: where a C server gets SIGPIPE). */
    public static final int BROKEN_PIPE = 3;
    /** The peer reset the connection (ECONNRESET). */
    public static final int RESET = 4;
    /** Another failure of the connection. */
    public static final int FAILED = 5;

    private Inetd() {}

    /**
     * The connection on standard input, or null (with one line on {@code log}) if standard input is not one.
     *
     * @param example how to start the program so, e.g. a systemd-socket-activate command line; empty for none
     */
    public static SocketChannel connectionOnStandardInput(String name, String example, PrintStream log) {
        Channel inherited = inheritedChannel();
        if (inherited instanceof SocketChannel connection) {
            return connection;
        }
        log.println(name + ": standard input is " + describe(inherited) + ", not a connected socket: start it as inetd"
                + " does, with the connection on standard input" + (example.isEmpty() ? "" : ", e.g. " + example));
        return null;
    }

    /** What {@link System#inheritedChannel()} found on standard input, or null for nothing it knows. */
    public static Channel inheritedChannel() {
        try {
            return System.inheritedChannel();
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(Channel inherited) {
        if (inherited instanceof ServerSocketChannel) {
            return "a listening socket";
        }
        return inherited == null ? "a terminal, a file or a pipe" : "a datagram socket";
    }

    /**
     * Serves one connection with {@code handler} until the peer's EOF and closes it, saying so on {@code log} in
     * lines that start with {@code who}.
     *
     * @return {@link #SERVED}, {@link #BROKEN_PIPE}, {@link #RESET} or {@link #FAILED}
     */
    public static int serve(SocketChannel connection, ConnectionHandler handler, String who, PrintStream log) {
        String peer = peer(connection);
        log.println(who + ": receiving data from " + peer);
        try (connection) {
            long echoed = handler.serve(connection, connection);
            // Closing an inherited channel puts /dev/null on 0, 1 and 2: the last line goes before it.
            log.println(who + ": " + peer + " sent EOF, " + echoed + (echoed == 1 ? " byte" : " bytes")
                    + " echoed; closing the connection");
            return SERVED;
        } catch (ConnectionFailedException e) {
            return exitStatusOf(e.getCause());
        } catch (IOException e) {
            return FAILED; // the close itself failed: the connection is gone either way
        }
    }

    /** The exit status that tells the parent why a connection failed. */
    static int exitStatusOf(IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Broken pipe")) {
            return BROKEN_PIPE;
        }
        return message.contains("reset") ? RESET : FAILED;
    }

    /**
     * What an exit status of a child that served a connection means, e.g. "the client reset the connection
     * (ECONNRESET)", for the parent's line; null for one this class does not give.
     */
    public static String meaning(int exitStatus) {
        return switch (exitStatus) {
            case SERVED -> "served, EOF echoed and closed";
            case NOT_A_SOCKET -> "standard input was not a connected socket";
            case BROKEN_PIPE ->
                "the connection broke: a write found it closed by the client (EPIPE; a C child is"
                        + " killed by SIGPIPE here, a Java child gets an IOException)";
            case RESET -> "the connection broke: the client reset it (ECONNRESET, a RST came)";
            case FAILED -> "the connection failed";
            default -> null;
        };
    }

    private static String peer(SocketChannel connection) {
        try {
            InetSocketAddress remote = (InetSocketAddress) connection.getRemoteAddress();
            return Addresses.text(remote.getAddress()) + " remote port " + remote.getPort();
        } catch (IOException | RuntimeException e) {
            return "an unknown peer";
        }
    }
}
