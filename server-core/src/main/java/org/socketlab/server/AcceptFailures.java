package org.socketlab.server;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What a server does when accept() fails, e.g. with EMFILE (too many open files): say it once, pause accepting,
 * try again, remind at most every {@link #REMINDER}, and say once when accept() works again.
 *
 * <p>Why: a failed accept() leaves the connection in the backlog, so an accept loop that retries at once fails at
 * once, again and again: a spinning thread and a million identical lines. The pause, one second as Netty's acceptor
 * takes, leaves the clients waiting in the backlog (their handshake done by the kernel) until descriptors are free.
 *
 * <p>Thread-safe: the acceptors of one server share one instance.
 */
public final class AcceptFailures {
    /** How long a server stops accepting after a failed accept(). */
    public static final Duration PAUSE = Duration.ofSeconds(1);
    /** The least time between two reminders that accept() still fails. */
    public static final Duration REMINDER = Duration.ofSeconds(5);

    private final ServerListener listener;
    private final LongSupplier nanoTime;
    private volatile boolean failing;
    private long failures;
    private long firstFailure;
    private long lastReport;

    /** Failures reported to {@code listener}, timed by {@link System#nanoTime()}. */
    public AcceptFailures(ServerListener listener) {
        this(listener, System::nanoTime);
    }

    /** Failures timed by {@code nanoTime}, a clock that tests can drive. */
    AcceptFailures(ServerListener listener, LongSupplier nanoTime) {
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /**
     * accept() failed: reports it if it is the first failure or a reminder is due.
     *
     * @return how long to wait before the next accept()
     */
    public synchronized Duration failed(IOException cause) {
        long now = nanoTime.getAsLong();
        if (!failing) {
            failing = true;
            failures = 1;
            firstFailure = now;
            lastReport = now;
            listener.acceptFailed(cause, PAUSE);
        } else {
            failures++;
            if (now - lastReport >= REMINDER.toNanos()) {
                lastReport = now;
                listener.acceptStillFailing(failures, Duration.ofNanos(now - firstFailure));
            }
        }
        return PAUSE;
    }

    /** accept() returned a connection: reports the recovery once, after failures. */
    public void succeeded() {
        if (!failing) {
            return; // the common case: one volatile read
        }
        synchronized (this) {
            if (failing) {
                failing = false;
                listener.acceptRecovered(failures, Duration.ofNanos(nanoTime.getAsLong() - firstFailure));
            }
        }
    }
}
