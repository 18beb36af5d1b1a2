package org.socketlab.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One thread's share of a run's connections, driven by one selector: a few of these serve 10,000 connections
 * without a thread each. Nothing in a loop is shared with another loop but the progress counter; the report reads
 * its connections and histogram after {@code done} has counted down.
 */
final class EventLoop implements Runnable {
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final BenchConfig config;
    private final long measureFrom;
    private final long deadline;
    private final LongAdder progress;
    private final CountDownLatch done;
    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(EchoPattern.MAX_SLICE);
    private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    private int unfinished;

    /**
     * @param measureFrom when a timed run's measured part begins (System.nanoTime)
     * @param deadline when a timed run ends, or Long.MAX_VALUE
     */
    EventLoop(BenchConfig config, long measureFrom, long deadline, LongAdder progress, CountDownLatch done)
            throws IOException {
        this.config = config;
        this.measureFrom = measureFrom;
        this.deadline = deadline;
        this.progress = progress;
        this.done = done;
        this.selector = Selector.open();
    }

    void add(Connection connection) {
        connections.add(connection);
        unfinished++;
    }

    List<Connection> connections() {
        return connections;
    }

    Histogram latency() {
        return latency;
    }

    @Override
    public void run() {
        try (selector) {
            connections.forEach(Connection::start);
            for (long now = System.nanoTime(); unfinished > 0 && now < deadline; now = System.nanoTime()) {
                long waitMillis = deadline == Long.MAX_VALUE ? 1000 : TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1;
                selector.select(key -> ((Connection) key.attachment()).ready(), waitMillis);
            }
        } catch (IOException e) {
            connections.forEach(c -> c.fail(e)); // the selector failed: no connection of this loop can go on
        } finally {
            connections.forEach(Connection::abort); // a timed run ends here, queued connections included
            done.countDown();
        }
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer: each read's bytes are checked at once, so connections share it. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Whether a connection that has completed {@code opsDone} operations starts another. */
    boolean more(long opsDone) {
        return config.count().map(c -> opsDone < config.warmUpOps() + c).orElseGet(() -> !pastDeadline());
    }

    boolean pastDeadline() {
        return System.nanoTime() >= deadline;
    }

    /**
     * Counts a completed operation, the {@code opsDone}-th of its connection, and says whether it falls in the
     * measured part of the run.
     */
    boolean completed(long opsDone, long began, long ended) {
        progress.increment();
        return config.count().isPresent() ? opsDone > config.warmUpOps() : began >= measureFrom && ended <= deadline;
    }

    void recordLatency(long nanos) {
        latency.recordValue(Math.min(nanos, MAX_LATENCY_NANOS));
    }

    void finished() {
        unfinished--;
    }
}
