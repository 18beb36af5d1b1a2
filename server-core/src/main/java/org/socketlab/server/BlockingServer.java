package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.ConnectionHandler;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.OptionSet;
import org.socketlab.options.ReadTimeouts;
import org.socketlab.options.SocketConfigurer;

/**
 * A server whose connections are served with blocking reads and writes: the lab's sequential server and, with
 * another {@link Executor}, the thread-per-connection and virtual-thread servers of the next lab. The life cycle of
 * the lab's handout, call by call:
 *
 * <pre>
 *   1-3. socket(), setsockopt() on the passive socket      open(): ListeningSockets.open
 *   4-5. bind(), listen(backlog)                            open(): ListeningSockets.open
 *   6.   accept(): the next connection, an active socket    acceptLoop()
 *   7.   read()/write() on it until the client's EOF        serve(client)
 *   8.   close() of the active socket                       serve(client)
 *   9.   back to accept()                                   acceptLoop()
 * </pre>
 *
 * <p>Who runs {@code serve(client)} is the one difference between the models ({@link ConnectionExecutors}): the accept
 * loop itself for the sequential server (the next accept() waits until this client is served: one client at a
 * time, the others wait in the kernel's accept queue), a new thread per connection, or a virtual thread. With
 * {@code acceptors} above 1, that many accept loops share the listening socket, each sequential: the C lab's pool
 * of servers started in advance.
 *
 * <p>Life cycle as every model's ({@link AbstractServer}); {@link #close()} closes the listening socket and every
 * connection, then waits a bounded time for the accept loops to end. A failure on one connection is reported with
 * the peer's address and closes that connection only.
 */
public final class BlockingServer extends AbstractServer {
    private static final Logger LOG = Loggers.of(BlockingServer.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ServerConfig config;
    /** One handler per serving thread, its buffer reused from one client to the next: one in all when sequential. */
    private final ThreadLocal<ConnectionHandler> handlers;

    private final int acceptors;
    private final Executor execution;
    private final ConnectionLimit limit;
    /** Step 8 as this server does it: close(), or (the lab's fault) not. */
    private final Fault.Closing closing;
    /** The connections being served, closed by {@link #close()}. */
    private final Set<SocketChannel> served = ConcurrentHashMap.newKeySet();

    private final CountDownLatch loopsEnded;
    private ServerSocketChannel listening;

    /**
     * @param handlers makes the protocol handler of each serving thread (e.g. {@code EchoHandler::new})
     * @param listener told of each event, on the thread where it happens
     * @param acceptors accept loops sharing the listening socket: 1, or N for a pool of servers started in advance
     * @param execution who serves each accepted connection (see {@link ConnectionExecutors})
     */
    public BlockingServer(
            ServerConfig config,
            Supplier<ConnectionHandler> handlers,
            ServerListener listener,
            int acceptors,
            Executor execution) {
        super(ReadBacks.around(listener, config));
        if (acceptors < 1) {
            throw new IllegalArgumentException("bad number of accepting threads " + acceptors + ": expected 1 or more");
        }
        this.config = config;
        this.handlers = ThreadLocal.withInitial(handlers);
        this.acceptors = acceptors;
        this.execution = execution;
        int max = config.effectiveMaxConnections();
        this.limit = execution == ConnectionExecutors.acceptLoop() && acceptors <= max
                ? ConnectionLimit.none() // sequential accept loops serve one connection each at a time
                : ConnectionLimit.of(max);
        this.closing = config.fault().closing(this.listener);
        this.loopsEnded = new CountDownLatch(acceptors);
    }

    /** The lab's sequential server: one accept loop that serves each client itself before it accepts the next. */
    public static BlockingServer sequential(
            ServerConfig config, Supplier<ConnectionHandler> handlers, ServerListener listener) {
        return new BlockingServer(config, handlers, listener, 1, ConnectionExecutors.acceptLoop());
    }

    /**
     * Steps 1-5: socket(), the listening socket's options (SO_REUSEADDR, TCP_MAXSEG ... before bind and listen),
     * bind() and listen(backlog).
     *
     * @throws java.net.BindException if the address is in use or cannot be bound
     * @throws org.socketlab.options.SocketOptionException if the kernel refuses an option
     */
    @Override
    protected InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config);
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        listener.listeningSocketReady(listening);
        listener.listening(local);
        return local;
    }

    /** Runs the accept loops until {@link #close()}: the first on the calling thread, the others (a pool) on their own. */
    @Override
    protected void serve() {
        // JNA's libc, for step 8's pending-error check: loaded before the first accept(), while descriptors are
        // free (loading fails for good at the limit), and after the waiting line, which need not wait for it.
        NativeSockets.load();
        for (int i = 2; i <= acceptors; i++) {
            new Thread(this::acceptLoop, "acceptor-" + i).start();
        }
        acceptLoop();
        try {
            loopsEnded.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Steps 6 and 9: accept() the next connection and have it served, until the listening socket is closed. */
    private void acceptLoop() {
        try {
            while (limit.awaitRoom()) {
                SocketChannel client;
                try {
                    client = listening.accept(); // 6. accept(): blocks until a client connects; its active socket
                } catch (ClosedChannelException e) {
                    return; // close() closed the listening socket
                } catch (IOException e) {
                    limit.release();
                    acceptFailures.pauseAfter(e); // EMFILE: the client stays in the backlog; try again after a pause
                    continue;
                }
                acceptFailures.succeeded();
                if (!track(client)) {
                    return; // close() came as accept() returned: the client is closed with the others
                }
                // Steps 7 and 8; sequential: served right here, and only then step 9, the next accept().
                execution.execute(() -> serve(client));
            }
        } finally {
            loopsEnded.countDown();
        }
    }

    /** Adds the client to those that close() closes; false, the client closed, if close() has begun already. */
    private boolean track(SocketChannel client) {
        served.add(client);
        if (isClosed()) {
            served.remove(client);
            Quietly.close(client);
            return false;
        }
        return true;
    }

    /** Steps 7 and 8 for one connection: the protocol until the client's EOF, then close(). */
    private void serve(SocketChannel client) {
        InetSocketAddress peer = null;
        long echoed = 0;
        try {
            peer = (InetSocketAddress) client.getRemoteAddress();
            listener.accepted(peer);
            OptionSet options = config.sockets().accepted();
            SocketConfigurer.apply(options, client); // setsockopt() on the active socket
            listener.acceptedSocketReady(client, peer);
            // 7. read() and write() until the client's EOF.
            echoed = handlers.get().serve(ReadTimeouts.input(client, options.readTimeoutMillis()), client);
            closing.close(client, peer, echoed); // 8. close(): the server's FIN
        } catch (ConnectionFailedException e) {
            failed(client, peer, e.bytesServed(), e.getCause());
        } catch (IOException e) {
            failed(client, peer, echoed, e);
        } finally {
            served.remove(client);
            limit.release();
        }
    }

    /** A failure closes this connection only; one that close() caused is not reported. */
    private void failed(SocketChannel client, InetSocketAddress peer, long echoed, IOException cause) {
        Quietly.close(client);
        if (!(cause instanceof ClosedChannelException && isClosed())) { // closed by close(), during a read or before it
            listener.failed(peer, echoed, cause);
        }
    }

    /** Connections being served right now. */
    @Override
    public int liveConnections() {
        return served.size();
    }

    /**
     * Closes the listening socket (connections still queued in the kernel are reset), every connection being
     * served and the ones left open by a fault, then waits up to 5 s for the accept loops to end.
     */
    @Override
    protected void shutDown(boolean running) {
        Quietly.close(listening);
        limit.wake(acceptors); // an accept loop waiting for room sees the socket closed
        served.forEach(Quietly::close);
        if (running) {
            try {
                if (!loopsEnded.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("the accept loops did not end within {} ms", CLOSE_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closing.closeLeftOpen();
    }
}
