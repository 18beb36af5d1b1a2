package org.socketlab.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When accept() fails (EMFILE): say it once, pause {@link #PAUSE} (the client stays in the backlog, so retrying at
 * once would spin), remind at most every {@link #REMINDER}, and say once that accept() works again after {@link
 * #STEADY} without a failure; a failure before that (a flap: one freed descriptor let one accept() through) belongs
 * to the same episode. Closed, it says nothing more. Thread-safe; the recovery line comes from a timer thread.
 */
public final class AcceptFailures {
    public static final Duration PAUSE = Duration.ofSeconds(1);
    public static final Duration REMINDER = Duration.ofSeconds(5);
    public static final Duration STEADY = REMINDER;

    private final ServerListener listener;
    private final LongSupplier nanoTime;
    private final Executor afterSteady;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean failing; // the last accept() failed
    private long failures; // in this episode; 0: no episode
    private long firstFailure;
    private long lastReport;
    private long workingSince;

    public AcceptFailures(ServerListener listener) {
        // The JDK's daemon delay thread runs the recovery check: no thread to stop.
        this(
                listener,
                System::nanoTime,
                CompletableFuture.delayedExecutor(STEADY.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
    }

    /** On a clock and a timer that tests drive: {@code afterSteady} runs each task {@link #STEADY} later. */
    AcceptFailures(ServerListener listener, LongSupplier nanoTime, Executor afterSteady) {
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.afterSteady = afterSteady;
    }

    /** accept() failed: says so if it starts an episode or a reminder is due; returns the pause before the next. */
    public synchronized Duration failed(IOException cause) {
        long now = nanoTime.getAsLong();
        failing = true;
        if (closed.getCount() == 0) {
            return PAUSE;
        }
        if (failures++ == 0) {
            firstFailure = lastReport = now;
            listener.acceptFailed(cause, PAUSE);
        } else if (now - lastReport >= REMINDER.toNanos()) {
            lastReport = now;
            listener.acceptStillFailing(failures, Duration.ofNanos(now - firstFailure));
        }
        return PAUSE;
    }

    /** As {@link #failed}, then waits the pause on this thread, or less if the server closes meanwhile. */
    public void pauseAfter(IOException cause) {
        try {
            closed.await(failed(cause).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** accept() returned a connection: after failures, the recovery is said if none follows within STEADY. */
    public void succeeded() {
        if (!failing) {
            return; // accept() works, as it nearly always does
        }
        synchronized (this) {
            if (failing) {
                failing = false;
                workingSince = nanoTime.getAsLong();
                afterSteady.execute(this::reportIfSteady);
            }
        }
    }

    private synchronized void reportIfSteady() {
        if (!failing
                && failures > 0
                && closed.getCount() > 0
                && nanoTime.getAsLong() - workingSince >= STEADY.toNanos()) {
            listener.acceptRecovered(failures, Duration.ofNanos(workingSince - firstFailure));
            failures = 0;
        }
    }

    /** The server closes: nothing more is said, not even by a recovery check already pending. Idempotent. */
    public synchronized void close() {
        closed.countDown();
    }
}
