package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socketlab.options.NativeSockets;

/** Bugs of the lab's C server that can be switched on to observe them. */
public enum Fault {
    /** The server behaves correctly. */
    NONE,
    /**
     * Activity 3: the server never closes the active socket. After the client's EOF it goes back to accept and
     * keeps the socket open (and referenced), so the connection stays in CLOSE_WAIT and no FIN is ever sent.
     */
    NO_CLOSE;

    /** Parses the command-line spelling, e.g. {@code no-close}. */
    public static Fault parse(String text) {
        for (Fault fault : values()) {
            if (fault.cliName().equalsIgnoreCase(text.trim())) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + text + "': the faults are none and no-close");
    }

    /** The command-line spelling. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Step 8 as a server with this fault does it, telling {@code listener}: one per server. */
    public Closing closing(ServerListener listener) {
        return this == NO_CLOSE ? new LeavingOpen(listener) : new Closing(listener);
    }

    /** Step 8, close() of the active socket once the client's EOF is served, and the lab's line. Thread-safe. */
    public static class Closing {
        final ServerListener listener;

        Closing(ServerListener listener) {
            this.listener = listener;
        }

        /**
         * Closes {@code client}, the server's FIN, and says so.
         *
         * @throws IOException if the client reset the connection: the caller reports it as a failure
         */
        public void close(SocketChannel client, InetSocketAddress peer, long echoed) throws IOException {
            failIfResetByTheClient(client);
            client.close();
            listener.closed(peer, echoed);
        }

        /** Closes what {@link #close} left open: nothing, unless the server forgets close(). */
        public void closeLeftOpen() {}

        /**
         * The read saw the client's FIN, but its kernel may already have answered our last echo with a RST (a client
         * that exited before its echo came back): the pending error tells.
         */
        private static void failIfResetByTheClient(SocketChannel client) throws IOException {
            int pending = NativeSockets.takePendingError(client);
            if (pending != 0) {
                throw new SocketException("the client was gone when its echo arrived and its kernel answered with a"
                        + " RST (" + NativeSockets.describeErrno(pending) + ")");
            }
        }
    }

    /** {@link #NO_CLOSE}: no close(), no FIN; the socket is kept referenced until the server closes. */
    private static final class LeavingOpen extends Closing {
        private final List<SocketChannel> leftOpen = new ArrayList<>();

        LeavingOpen(ServerListener listener) {
            super(listener);
        }

        @Override
        public void close(SocketChannel client, InetSocketAddress peer, long echoed) {
            synchronized (this) {
                leftOpen.add(client);
            }
            listener.leftOpen(peer, echoed);
        }

        @Override
        public synchronized void closeLeftOpen() {
            leftOpen.forEach(Quietly::close);
            leftOpen.clear();
        }
    }
}
