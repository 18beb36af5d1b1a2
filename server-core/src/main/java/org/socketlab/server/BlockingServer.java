package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.ConnectionHandler;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.OptionSet;
import org.socketlab.options.ReadTimeouts;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.options.Target;

/**
 * A server whose connections are served with blocking reads and writes: the lab's sequential server and, with
 * another {@link Executor}, the thread-per-connection and virtual-thread servers of the next lab. The life cycle of
 * the lab's handout, call by call:
 *
 * <pre>
 *   1-3. socket(), setsockopt() on the passive socket      start(): ListeningSockets.open
 *   4-5. bind(), listen(backlog)                            start(): ListeningSockets.open
 *   6.   accept(): the next connection, an active socket    acceptLoop()
 *   7.   read()/write() on it until the client's EOF        serve(): handler.serve
 *   8.   close() of the active socket                       serve()
 *   9.   back to accept()                                   acceptLoop()
 * </pre>
 *
 * <p>Who runs {@code serve(client)} is the one difference between the models ({@link Executions}): the accept
 * loop itself for the sequential server (the next accept() waits until this client is served: one client at a
 * time, the others wait in the kernel's accept queue), a new thread per connection, or a virtual thread. With
 * {@code acceptors} above 1, that many accept loops share the listening socket, each sequential: the C lab's pool
 * of servers started in advance.
 *
 * <p>Life cycle: {@link #start()} listens; {@link #run()} runs the accept loops until {@link #close()}, which
 * closes the listening socket and every connection, then waits a bounded time for the loops to end. {@code start}
 * and {@code close} are idempotent; {@code run} before {@code start}, a second {@code run}, or {@code start} after
 * {@code close} throw {@link IllegalStateException}. A failure on one connection is reported with the peer's
 * address and closes that connection only.
 */
public final class BlockingServer implements ServerModel {
    private static final Logger LOG = Loggers.of(BlockingServer.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private enum State {
        NEW,
        LISTENING,
        RUNNING,
        CLOSED
    }

    private final ServerConfig config;
    /** One handler per serving thread, its buffer reused from one client to the next: one in all when sequential. */
    private final ThreadLocal<ConnectionHandler> handlers;

    private final ServerListener listener;
    private final int acceptors;
    private final Executor execution;
    private final AcceptFailures acceptFailures;
    /** One permit per connection that may be served at once: at none left, the next client waits in the backlog. */
    private final Semaphore connectionSlots;

    private final Set<SocketChannel> live = ConcurrentHashMap.newKeySet();
    /** Sockets left open by {@link Fault#NO_CLOSE}: referenced so that nothing closes them behind our back. */
    private final List<SocketChannel> leftOpen = new ArrayList<>();

    private final CountDownLatch closed = new CountDownLatch(1);

    private State state = State.NEW;
    private ServerSocketChannel listening;
    private CountDownLatch loopsEnded;

    /**
     * @param handlers makes the protocol handler of each serving thread (e.g. {@code EchoHandler::new})
     * @param listener told of each event, on the thread where it happens
     * @param acceptors accept loops sharing the listening socket: 1, or N for a pool of servers started in advance
     * @param execution who serves each accepted connection (see {@link Executions})
     */
    public BlockingServer(
            ServerConfig config,
            Supplier<ConnectionHandler> handlers,
            ServerListener listener,
            int acceptors,
            Executor execution) {
        if (acceptors < 1) {
            throw new IllegalArgumentException("bad number of accepting threads " + acceptors + ": expected 1 or more");
        }
        this.config = config;
        this.handlers = ThreadLocal.withInitial(handlers);
        this.listener = listener;
        this.acceptors = acceptors;
        this.execution = execution;
        this.acceptFailures = new AcceptFailures(listener);
        this.connectionSlots = new Semaphore(config.effectiveMaxConnections());
    }

    /** The lab's sequential server: one accept loop that serves each client itself before it accepts the next. */
    public static BlockingServer sequential(
            ServerConfig config, Supplier<ConnectionHandler> handlers, ServerListener listener) {
        return new BlockingServer(config, handlers, listener, 1, Executions.acceptLoop());
    }

    /**
     * socket(), the listening socket's options (SO_REUSEADDR, TCP_MAXSEG ... before bind and listen), bind() and
     * listen(backlog). Does nothing if already listening.
     *
     * @return the address the server listens on, with the real port when the config asked for port 0
     * @throws java.net.BindException if the address is in use or cannot be bound
     * @throws org.socketlab.options.SocketOptionException if the kernel refuses an option
     * @throws IllegalStateException if the server was closed
     */
    @Override
    public synchronized InetSocketAddress start() throws IOException {
        if (state == State.CLOSED) {
            throw new IllegalStateException("start() after close(): a closed server cannot listen again");
        }
        if (state == State.NEW) {
            listening = ListeningSockets.open(config);
            state = State.LISTENING;
            if (LOG.isDebugEnabled()) {
                LOG.debug(
                        "listening with backlog {}, at most {} connections at once (--max-connections; open-files"
                                + " limit {}), listening socket {}",
                        config.sockets().backlog(),
                        connectionSlots.availablePermits(),
                        Descriptors.describeLimit(),
                        SocketConfigurer.readBack(listening, SocketConfigurer.optionsOf(Target.LISTENING), 0));
            }
            listener.listening(localAddress());
        }
        return localAddress();
    }

    /**
     * Runs the accept loops until {@link #close()}: the first on the calling thread, the others (a pool) on threads
     * of their own. Returns at once if the server was closed before.
     *
     * @throws IllegalStateException if the server is not listening or already runs
     */
    @Override
    public void run() {
        synchronized (this) {
            if (state == State.CLOSED && listening != null) {
                return;
            }
            if (state != State.LISTENING) {
                throw new IllegalStateException(
                        state == State.RUNNING
                                ? "run() called twice: the server already runs"
                                : "run() in state " + state + ": call start() first");
            }
            state = State.RUNNING;
            loopsEnded = new CountDownLatch(acceptors);
        }
        for (int i = 2; i <= acceptors; i++) {
            new Thread(this::acceptLoop, "acceptor-" + i).start();
        }
        acceptLoop();
        try {
            loopsEnded.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.stopped();
    }

    /** accept(), hand the connection over, accept the next: until the listening socket is closed. */
    private void acceptLoop() {
        try {
            while (takeConnectionSlot()) {
                SocketChannel client = accept(); // step 6
                if (client == null) {
                    connectionSlots.release();
                    continue; // accept() failed and paused, or the server was closed: the loop condition tells
                }
                live.add(client);
                // Steps 7 and 8; sequential: served right here, and only then step 9, the next accept().
                execution.execute(() -> serve(client));
            }
        } finally {
            loopsEnded.countDown();
        }
    }

    /**
     * One connection, from accept() to close(): the accepted socket's options, the protocol until the client's EOF,
     * close(), and the lab's line. A failure closes this connection only.
     */
    private void serve(SocketChannel client) {
        InetSocketAddress peer = null;
        long echoed = 0;
        try {
            peer = (InetSocketAddress) client.getRemoteAddress();
            listener.accepted(peer);
            OptionSet options = config.sockets().accepted();
            SocketConfigurer.apply(options, client); // setsockopt() on the active socket
            logEffectiveOptions(client, peer, options);
            // Step 7: read() and write() until the client's EOF.
            echoed = handlers.get().serve(ReadTimeouts.input(client, options.readTimeoutMillis()), client);
            if (config.fault() == Fault.NO_CLOSE) {
                keepOpen(client); // activity 3: the lab's C server forgets close(); no FIN, CLOSE_WAIT forever
                listener.leftOpen(peer, echoed);
                return;
            }
            failIfResetByTheClient(client);
            client.close(); // step 8: close(), the server's FIN
            listener.closed(peer, echoed);
        } catch (ConnectionFailedException e) {
            failed(client, peer, e.bytesServed(), e.getCause());
        } catch (IOException e) {
            failed(client, peer, echoed, e);
        } finally {
            live.remove(client);
            connectionSlots.release();
            LOG.debug("{} done, {} connections live", peer, live.size());
        }
    }

    /**
     * The read saw the client's FIN, but its kernel may already have answered our last echo with a RST (a client
     * that exited before its echo came back): the pending error tells.
     */
    private static void failIfResetByTheClient(SocketChannel client) throws IOException {
        int pending = NativeSockets.takePendingError(client);
        if (pending != 0) {
            throw new SocketException("the client was gone when its echo arrived and its kernel answered with a RST ("
                    + NativeSockets.describeErrno(pending) + ")");
        }
    }

    private void failed(SocketChannel client, InetSocketAddress peer, long echoed, IOException cause) {
        Connections.closeQuietly(client);
        boolean closedByUs = cause instanceof AsynchronousCloseException && closed.getCount() == 0;
        if (!closedByUs) {
            listener.failed(peer, echoed, cause);
        }
    }

    /** Waits for a free connection slot; false once the server is closed. */
    private boolean takeConnectionSlot() {
        try {
            connectionSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return listening.isOpen();
    }

    /**
     * Blocks in accept(). A failure that leaves the listening socket open (EMFILE: too many open files) pauses
     * accepting, as {@link AcceptFailures} says, and returns null.
     *
     * @return the accepted connection, or null after a failure or once the listening socket is closed
     */
    private SocketChannel accept() {
        try {
            SocketChannel client = listening.accept();
            acceptFailures.succeeded();
            return client;
        } catch (ClosedChannelException e) {
            return null;
        } catch (IOException e) {
            Duration pause = acceptFailures.failed(e);
            try {
                closed.await(pause.toMillis(), TimeUnit.MILLISECONDS); // ends early at close()
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private synchronized void keepOpen(SocketChannel client) {
        leftOpen.add(client);
    }

    private static void logEffectiveOptions(SocketChannel client, InetSocketAddress peer, OptionSet options) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        LOG.debug(
                "{} accepted socket {}",
                peer,
                SocketConfigurer.readBack(
                        client, SocketConfigurer.optionsOf(Target.ACCEPTED), options.readTimeoutMillis()));
        try {
            LOG.debug("{} TCP_INFO {}", peer, NativeSockets.tcpInfo(client));
        } catch (IOException e) {
            LOG.debug("{} TCP_INFO unavailable: {}", peer, e.getMessage());
        }
    }

    /** Connections being served right now. */
    @Override
    public int liveConnections() {
        return live.size();
    }

    /** The address the server listens on. */
    public synchronized InetSocketAddress localAddress() {
        if (listening == null) {
            throw new IllegalStateException("localAddress() before start(): the server is not listening");
        }
        try {
            return (InetSocketAddress) listening.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listening socket is closed", e);
        }
    }

    /**
     * Closes the listening socket (connections still queued in the kernel are reset), every connection being
     * served and the ones left open by a fault, then waits up to 5 s for the accept loops to end. Idempotent; safe
     * from any thread, including a signal handler.
     */
    @Override
    public void close() {
        CountDownLatch loops;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            loops = state == State.RUNNING ? loopsEnded : null;
            state = State.CLOSED;
            acceptFailures.close(); // no accept() line after "Server stopped", not even a recovery check already due
            closed.countDown();
            if (listening != null) {
                Connections.closeQuietly(listening);
            }
        }
        connectionSlots.release(acceptors); // an accept loop waiting for a slot wakes and sees the socket closed
        live.forEach(Connections::closeQuietly);
        if (loops != null) {
            try {
                if (!loops.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("the accept loops did not end within {} ms", CLOSE_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            leftOpen.forEach(Connections::closeQuietly);
            leftOpen.clear();
        }
    }
}
