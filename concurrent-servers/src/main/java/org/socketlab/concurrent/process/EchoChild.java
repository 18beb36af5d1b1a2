package org.socketlab.concurrent.process;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.Inetd;

/**
 * The child process of the process models: a small entry point (no command-line parser, no logging) so that the
 * JVM starts and serves as soon as it can. Standard input is the socket it is given:
 *
 * <ul>
 *   <li>a connection ({@code --model process}): echo it until EOF and exit, as TCPechod's child after fork();
 *   <li>a listening socket ({@code --model prefork}): a sequential server on it until killed.
 * </ul>
 *
 * <p>Its lines go to standard error, which is the parent's: standard output may be the connection itself.
 */
public final class EchoChild {
    /**
     * The C server's BUFSIZ. A client that sends more and leaves without reading then makes a later write fail
     * (EPIPE), as it kills TCPechod's child with SIGPIPE; one 64 KiB read would take it all, and its one write
     * would succeed into a connection nobody reads.
     */
    private static final int BUFFER_SIZE = 8192;

    private EchoChild() {}

    /** {@code EchoChild [WORKER-LABEL PARENT-PID]}; exits with one of {@link Inetd}'s statuses. */
    public static void main(String[] args) {
        String who = (args.length > 0 ? "worker " + args[0] + ", " : "") + "child "
                + ProcessHandle.current().pid();
        Channel inherited = Inetd.inheritedChannel();
        if (inherited instanceof SocketChannel connection) {
            System.exit(Inetd.serve(connection, new EchoHandler(BUFFER_SIZE), who, System.err));
        } else if (inherited instanceof ServerSocketChannel listener) {
            if (args.length > 1 && !ChildProcesses.terminateWithParent(Long.parseLong(args[1]))) {
                System.exit(Inetd.FAILED); // the parent died before we could ask: nobody would stop us
            }
            System.exit(serveOneAtATime(listener, who));
        } else {
            Inetd.connectionOnStandardInput(who, "", System.err); // its parent starts it, nobody else
            System.exit(Inetd.NOT_A_SOCKET);
        }
    }

    /** The lab's sequential server on a listening socket it did not open: accept, echo until EOF, close, again. */
    private static int serveOneAtATime(ServerSocketChannel listener, String who) {
        EchoHandler handler = new EchoHandler(BUFFER_SIZE);
        while (true) {
            SocketChannel connection;
            try {
                connection = listener.accept(); // the other workers block here too; the kernel wakes one
            } catch (IOException e) {
                System.err.println(who + ": accept() failed: " + e.getMessage() + "; exiting, the parent starts"
                        + " another worker");
                return Inetd.FAILED;
            }
            int status = Inetd.serve(connection, handler, who, System.err);
            if (status != Inetd.SERVED) {
                System.err.println(who + ": " + Inetd.meaning(status) + "; serving the next client");
            }
        }
    }
}
