package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The one life cycle of every server model. {@link #start()} opens the socket ({@link #open()}), {@link #run()}
 * serves on the calling thread ({@link #serve()}) until {@link #close()} ({@link #shutDown}).
 *
 * <p>{@code start} and {@code close} are idempotent and thread-safe; {@code run} before {@code start}, a second
 * {@code run}, and {@code start} after {@code close} throw {@link IllegalStateException} naming the misuse;
 * {@code run} after {@code close} returns at once. A server that opened its socket says {@link
 * ServerListener#stopped()} once, last: when {@code serve} returns, or at {@code close} if it never ran; accept()
 * failures are no longer reported by then, so no accept() line comes after it.
 */
public abstract class AbstractServer implements ServerModel {
    private enum State {
        NEW,
        STARTED,
        RUNNING,
        CLOSED
    }

    /** Told of every event, on the thread where it happens. */
    protected final ServerListener listener;
    /** What this server says and does when accept() fails (EMFILE): shared by all its accept loops. */
    protected final AcceptFailures acceptFailures;

    private State state = State.NEW;
    private InetSocketAddress local;

    protected AbstractServer(ServerListener listener) {
        this.listener = listener;
        this.acceptFailures = new AcceptFailures(listener);
    }

    /** Opens, configures and binds the socket (and listens, for TCP); called once. */
    protected abstract InetSocketAddress open() throws IOException;

    /** Serves until {@link #shutDown} makes it return. */
    protected abstract void serve();

    /**
     * Closes the socket and every connection, so that {@link #serve()} returns; called once, after {@link #open()}.
     *
     * @param running whether {@link #run()} was called: a server that serves may be waited for
     */
    protected abstract void shutDown(boolean running);

    /**
     * Opens the socket; does nothing if it is open.
     *
     * @return the local address, with the real port when the configuration asked for port 0
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public final synchronized InetSocketAddress start() throws IOException {
        if (state == State.CLOSED) {
            throw new IllegalStateException("start() after close(): a closed server cannot open its socket again");
        }
        if (state == State.NEW) {
            local = open();
            state = State.STARTED;
        }
        return local;
    }

    /**
     * Serves on the calling thread until {@link #close()}, then says that the server stopped. Returns at once if
     * the server was closed before.
     *
     * @throws IllegalStateException before {@link #start()}, or if it already runs
     */
    @Override
    public final void run() {
        synchronized (this) {
            if (state == State.CLOSED && local != null) {
                return;
            }
            if (state != State.STARTED) {
                throw new IllegalStateException(
                        state == State.RUNNING
                                ? "run() called twice: the server already runs"
                                : "run() before start(): call start() first");
            }
            state = State.RUNNING;
        }
        try {
            serve();
        } finally {
            acceptFailures.close(); // not even a recovery check already due may speak after the last line
            listener.stopped();
        }
    }

    /** Stops serving: closes the socket and every connection. Idempotent; safe from any thread, a signal's too. */
    @Override
    public final void close() {
        State was;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            was = state;
            state = State.CLOSED;
        }
        acceptFailures.close();
        if (was != State.NEW) {
            shutDown(was == State.RUNNING);
        }
        if (was == State.STARTED) {
            listener.stopped(); // closed before run(): no run() is there to say it
        }
    }

    /** Whether {@link #close()} was called: a failure it caused is no failure to report. */
    protected final synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * The local address.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public final synchronized InetSocketAddress localAddress() {
        if (local == null) {
            throw new IllegalStateException("localAddress() before start(): the server has no socket yet");
        }
        return local;
    }
}
