package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.socketlab.echo.ConnectionHandler;
import org.socketlab.options.OptionSet;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.options.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequential server of the lab: socket, bind, listen(backlog), then forever accept one client, serve it until
 * its EOF, close the active socket, and accept the next. Exactly one client at a time; the others wait in the
 * kernel's accept queue.
 *
 * <p>Life cycle: {@link #start()} binds and listens; {@link #run()} runs the accept loop on the calling thread
 * until {@link #close()}, which closes the listening socket and the active one and waits a bounded time for the
 * loop to end. {@code start} and {@code close} are idempotent; {@code run} before {@code start}, a second
 * concurrent {@code run}, or {@code start} after {@code close} throw {@link IllegalStateException}.
 *
 * <p>A failure on one connection is reported with the peer's address and closes that connection only.
 */
public final class SequentialServer implements ServerModel {
    private static final Logger LOG = LoggerFactory.getLogger(SequentialServer.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private enum State { NEW, LISTENING, RUNNING, CLOSED }

    private final ServerConfig config;
    private final ConnectionHandler handler;
    private final ServerListener listener;
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    /** Sockets left open by {@link Fault#NO_CLOSE}: referenced so that nothing closes them behind our back. */
    private final List<SocketChannel> leftOpen = new ArrayList<>();

    private State state = State.NEW;
    private ServerSocketChannel serverChannel;
    private Thread loopThread;
    private volatile SocketChannel active;

    /**
     * @param config where and how to listen
     * @param handler the per-connection protocol; called on the accept-loop thread only
     * @param listener told of each event, on the accept-loop thread
     */
    public SequentialServer(ServerConfig config, ConnectionHandler handler, ServerListener listener) {
        this.config = config;
        this.handler = handler;
        this.listener = listener;
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
        if (state != State.NEW) {
            return localAddress();
        }
        ServerSocketChannel channel = ListeningSockets.open(config);
        serverChannel = channel;
        state = State.LISTENING;
        InetSocketAddress local = localAddress();
        if (LOG.isDebugEnabled()) {
            LOG.debug("listening on {} with backlog {}, listening socket {}", local, config.sockets().backlog(),
                    SocketConfigurer.readBack(channel, SocketConfigurer.optionsOf(Target.LISTENING), 0));
        }
        listener.listening(local);
        return local;
    }

    /**
     * The accept loop, on the calling thread, until {@link #close()}: accept, serve until EOF, close, repeat.
     * Returns at once if the server was closed before the loop started.
     *
     * @throws IllegalStateException if the server is not listening or the loop already runs
     */
    @Override
    public void run() {
        synchronized (this) {
            if (state == State.CLOSED && serverChannel != null) {
                return; // closed before the loop started: nothing to do
            }
            if (state != State.LISTENING) {
                throw new IllegalStateException(state == State.RUNNING ? "run() called twice: the accept loop already runs"
                        : "run() in state " + state + ": call start() first");
            }
            state = State.RUNNING;
            loopThread = Thread.currentThread();
        }
        // The loop calls Connections.serve directly: one method per connection for the JIT to compile, not two
        // nested ones compiled twice.
        OptionSet accepted = config.sockets().accepted();
        boolean closeAtEof = config.fault() != Fault.NO_CLOSE;
        BooleanSupplier serverOpen = serverChannel::isOpen;
        try {
            SocketChannel client;
            while ((client = Connections.accept(serverChannel, listener)) != null) {
                active = client;
                boolean leftOpenByFault;
                try {
                    leftOpenByFault = Connections.serve(client, accepted, handler, listener, serverOpen, closeAtEof);
                } finally {
                    active = null;
                }
                if (leftOpenByFault) {
                    keepOpen(client);
                }
            }
        } finally {
            loopEnded.countDown();
            listener.stopped();
        }
    }

    private synchronized void keepOpen(SocketChannel client) {
        leftOpen.add(client);
    }

    /** 1 while a client is being served, else 0. */
    @Override
    public int liveConnections() {
        return active == null ? 0 : 1;
    }

    /** The address the server listens on. */
    public synchronized InetSocketAddress localAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("localAddress() before start(): the server is not listening");
        }
        try {
            return (InetSocketAddress) serverChannel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listening socket is closed", e);
        }
    }

    /**
     * Closes the listening socket (connections still queued in the kernel are reset), the active connection and
     * the ones left open by a fault, then waits up to 5 s for the accept loop to end. Idempotent; safe from any
     * thread, including a signal handler.
     */
    @Override
    public void close() {
        Thread loop;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            boolean running = state == State.RUNNING;
            state = State.CLOSED;
            loop = running ? loopThread : null;
            if (serverChannel != null) {
                Connections.closeQuietly(serverChannel);
            }
        }
        SocketChannel current = active;
        if (current != null) {
            Connections.closeQuietly(current);
        }
        if (loop != null && loop != Thread.currentThread()) {
            try {
                if (!loopEnded.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.warn("the accept loop did not end within {} ms", CLOSE_WAIT_MILLIS);
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
