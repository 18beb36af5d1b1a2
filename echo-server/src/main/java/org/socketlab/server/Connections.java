package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.ConnectionHandler;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.OptionSet;
import org.socketlab.options.ReadTimeouts;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.options.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving one accepted connection with a blocking handler, the same for every model that gives a connection a
 * thread of its own (sequential, thread per connection, pool): the accepted-socket options, the handler until
 * EOF, a last look for a RST, close, and one report to the listener. A failure closes this connection only.
 */
public final class Connections {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final long ACCEPT_FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Connections() {
    }

    /**
     * Blocks in accept() on a blocking listening socket. A failure that leaves the socket open (e.g. EMFILE, too
     * many open files) is reported and retried after 50 ms, so that a loop around this never spins.
     *
     * @return the accepted connection, or null once the listening socket is closed
     */
    public static SocketChannel accept(ServerSocketChannel listening, ServerListener listener) {
        while (listening.isOpen()) {
            try {
                return listening.accept();
            } catch (ClosedChannelException e) {
                return null;
            } catch (IOException e) {
                listener.acceptFailed(e);
                LockSupport.parkNanos(ACCEPT_FAILURE_BACKOFF_NANOS);
            }
        }
        return null;
    }

    /**
     * Serves {@code client} until its EOF or a failure.
     *
     * @param options the options of accepted sockets (SO_TIMEOUT among them)
     * @param serverOpen whether the server still runs: a failure caused by its own shutdown is not reported
     * @param closeAtEof false only for the lab's no-close fault: the socket is left open and reported so
     * @return true if the connection was left open (the caller keeps it referenced)
     */
    public static boolean serve(SocketChannel client, OptionSet options, ConnectionHandler handler,
                                ServerListener listener, BooleanSupplier serverOpen, boolean closeAtEof) {
        InetSocketAddress peer = null;
        try {
            peer = (InetSocketAddress) client.getRemoteAddress();
            listener.accepted(peer);
            SocketConfigurer.apply(options, client);
            if (LOG.isDebugEnabled()) {
                logEffectiveOptions(client, peer, options);
            }
            long echoed = handler.serve(ReadTimeouts.input(client, options.readTimeoutMillis()), client);
            int pending = NativeSockets.takePendingError(client);
            if (pending != 0) {
                // The read saw the client's FIN first, but its kernel had already answered our echo with a RST.
                closeQuietly(client);
                listener.failed(peer, echoed, new SocketException("the client was gone when its echo arrived and its"
                        + " kernel answered with a RST (" + NativeSockets.describeErrno(pending) + ")"));
                return false;
            }
            if (!closeAtEof) {
                listener.leftOpen(peer, echoed);
                return true;
            }
            client.close();
            listener.closed(peer, echoed);
        } catch (ConnectionFailedException e) {
            closeQuietly(client);
            if (!(e.getCause() instanceof AsynchronousCloseException) || serverOpen.getAsBoolean()) {
                listener.failed(peer, e.bytesServed(), e.getCause());
            }
        } catch (IOException e) {
            closeQuietly(client);
            if (serverOpen.getAsBoolean()) {
                listener.failed(peer, 0, e);
            }
        }
        return false;
    }

    private static void logEffectiveOptions(SocketChannel client, InetSocketAddress peer, OptionSet options) {
        LOG.debug("{} accepted socket {}", peer, SocketConfigurer.readBack(client,
                SocketConfigurer.optionsOf(Target.ACCEPTED), options.readTimeoutMillis()));
        try {
            LOG.debug("{} TCP_INFO {}", peer, NativeSockets.tcpInfo(client));
        } catch (IOException e) {
            LOG.debug("{} TCP_INFO unavailable: {}", peer, e.getMessage());
        }
    }

    /** Closes a channel; a failure to close is logged, not thrown. */
    public static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", channel, e.getMessage());
        }
    }
}
