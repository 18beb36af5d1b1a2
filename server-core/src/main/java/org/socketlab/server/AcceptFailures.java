package org.socketlab.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a server does when accept() fails, e.g. with EMFILE (too many open files): say it once, pause accepting,
 * try again, remind at most every {@link #REMINDER}, and say once that accept() works again when it has gone
 * {@link #STEADY} without failing.
 *
 * <p>Why a pause: a failed accept() leaves the connection in the backlog, so the listening socket stays ready and
 * an accept loop that retries at once fails at once, again and again: a spinning thread and a million identical
 * lines. The pause, one second as Netty's acceptor takes, leaves the clients waiting in the backlog (their
 * handshake done by the kernel) until descriptors are free.
 *
 * <p>Why recovery waits: while a crowd holds every descriptor, one that the JVM frees (or one client leaving) lets a
 * single accept() through, and the next fails again. Such a flap is part of the same episode: its failures are
 * counted in the next reminder, and only accept() working for {@link #STEADY} ends the episode with one line.
 *
 * <p>Why close: the recovery check is still pending on the timer when a server closes within {@link #STEADY} of
 * accept() working again; closed, it says nothing, so no line comes after the server's last one.
 *
 * <p>Thread-safe: the acceptors of one server share one instance. The recovery line comes from a timer thread.
 */
public final class AcceptFailures {
    /** How long a server stops accepting after a failed accept(). */
    public static final Duration PAUSE = Duration.ofSeconds(1);
    /** The least time between two reminders that accept() still fails. */
    public static final Duration REMINDER = Duration.ofSeconds(5);
    /** How long accept() must go without a failure, once it worked again, before the server says it works again. */
    public static final Duration STEADY = REMINDER;

    private enum State {
        /** accept() works: no episode. */
        WORKING,
        /** The last accept() failed. */
        FAILING,
        /** accept() worked after failures, for less than {@link #STEADY} so far. */
        RECOVERING,
        /** The server closed: nothing more to say. */
        CLOSED
    }

    private final ServerListener listener;
    private final LongSupplier nanoTime;
    private final Executor afterSteady;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile State state = State.WORKING;
    private long failures;
    private long firstFailure;
    private long lastReport;
    private long workingSince;

    /** Failures reported to {@code listener}, timed by {@link System#nanoTime()}. */
    public AcceptFailures(ServerListener listener) {
        // The JDK's delay thread (daemon, "CompletableFutureDelayScheduler") runs the check: no thread to stop.
        this(
                listener,
                System::nanoTime,
                CompletableFuture.delayedExecutor(STEADY.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
    }

    /**
     * Failures timed by {@code nanoTime}, a clock that tests can drive.
     *
     * @param afterSteady runs each task {@link #STEADY} later on that clock
     */
    AcceptFailures(ServerListener listener, LongSupplier nanoTime, Executor afterSteady) {
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.afterSteady = afterSteady;
    }

    /**
     * accept() failed: reports it if it starts an episode or a reminder is due. A failure while accept() was
     * recovering continues the episode; one after {@link #close()} is not reported.
     *
     * @return how long to wait before the next accept()
     */
    public synchronized Duration failed(IOException cause) {
        long now = nanoTime.getAsLong();
        if (state == State.CLOSED) {
            return PAUSE;
        }
        if (state == State.WORKING) {
            state = State.FAILING;
            failures = 1;
            firstFailure = now;
            lastReport = now;
            listener.acceptFailed(cause, PAUSE);
        } else {
            state = State.FAILING;
            failures++;
            if (now - lastReport >= REMINDER.toNanos()) {
                lastReport = now;
                listener.acceptStillFailing(failures, Duration.ofNanos(now - firstFailure));
            }
        }
        return PAUSE;
    }

    /**
     * accept() failed, in a blocking accept loop: reports it as {@link #failed} does and waits the pause, or less
     * if the server closes meanwhile.
     */
    public void pauseAfter(IOException cause) {
        try {
            closed.await(failed(cause).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** accept() returned a connection: after failures, the recovery is reported if no failure follows within STEADY. */
    public void succeeded() {
        if (state != State.FAILING) {
            return; // accept() works, as it nearly always does
        }
        synchronized (this) {
            if (state == State.FAILING) {
                state = State.RECOVERING;
                workingSince = nanoTime.getAsLong();
                afterSteady.execute(this::reportIfSteady);
            }
        }
    }

    /** STEADY after a success: says accept() works again, unless it failed since (a later success checks again). */
    private synchronized void reportIfSteady() {
        if (state == State.RECOVERING && nanoTime.getAsLong() - workingSince >= STEADY.toNanos()) {
            state = State.WORKING;
            listener.acceptRecovered(failures, Duration.ofNanos(workingSince - firstFailure));
        }
    }

    /**
     * The server closes: from now on nothing is reported, not even a recovery check already pending on the timer.
     * Returns after a check running right now has finished, so that the server's last line is the last line.
     * Idempotent.
     */
    public synchronized void close() {
        state = State.CLOSED;
        closed.countDown();
    }
}
