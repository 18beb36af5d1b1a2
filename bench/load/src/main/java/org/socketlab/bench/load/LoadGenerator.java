package org.socketlab.bench.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A load generator for echo servers: C connections shared by a few event-loop threads (one selector each, not a
 * thread per connection), doing round trips, streaming or connecting, every echoed byte checked, measured with
 * HdrHistogram. Against a sequential server the connections queue, and each one's wait before its first echo
 * shows it; against the concurrent servers of the next labs they do not.
 */
public final class LoadGenerator {
    private static final long PROGRESS_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private LoadGenerator() {}

    /**
     * Runs the load and returns the report. A timed run ends at its duration: connections still waiting then
     * (queued behind a sequential server) are closed and reported as never served.
     *
     * @param status told of progress once a second after the first two seconds (for stderr)
     * @throws IOException if no selector can be opened
     */
    public static BenchReport run(BenchConfig config, Consumer<String> status)
            throws IOException, InterruptedException {
        long cpuAtStart = processCpuNanos();
        long start = System.nanoTime();
        long measureFrom = start + config.warmUpTime().toNanos();
        long deadline = config.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        LongAdder progress = new LongAdder();
        int threads = Math.min(config.threads(), config.connections());
        CountDownLatch done = new CountDownLatch(threads);
        List<EventLoop> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(new EventLoop(config, measureFrom, deadline, progress, done));
        }
        for (int i = 0; i < config.connections(); i++) {
            EventLoop loop = loops.get(i % threads);
            loop.add(new Connection(i, config, loop));
        }
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(loops.get(i), "bench-loop-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        while (!done.await(1, TimeUnit.SECONDS)) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= PROGRESS_AFTER_NANOS) {
                status.accept(String.format(
                        Locale.ROOT, "%d s, %d ops", TimeUnit.NANOSECONDS.toSeconds(elapsed), progress.sum()));
            }
        }
        long end = System.nanoTime();
        double cpuSeconds = (processCpuNanos() - cpuAtStart) / 1e9;
        return report(
                config,
                loops,
                config.duration().isPresent() ? Math.max(0, Math.min(end, deadline) - measureFrom) : -1,
                cpuSeconds);
    }

    /** CPU time of this whole process (all its threads, the JIT's and the garbage collector's included). */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** @param timedNanos the measured part of a timed run, or -1 for a counted run (measured by its operations) */
    private static BenchReport report(BenchConfig config, List<EventLoop> loops, long timedNanos, double cpuSeconds) {
        Histogram latency = new Histogram(loops.get(0).latency().getHighestTrackableValue(), 3);
        long ops = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<ConnectionResult> results = new ArrayList<>();
        for (EventLoop loop : loops) {
            latency.add(loop.latency());
            for (Connection c : loop.connections()) {
                ops += c.ops;
                bytes += c.bytes;
                if (c.ops > 0) {
                    first = Math.min(first, c.measuredStart);
                    last = Math.max(last, c.measuredEnd);
                }
                results.add(new ConnectionResult(c.index(), c.localPort, c.waited, c.ops, c.failure));
            }
        }
        results.sort((a, b) -> Integer.compare(a.index(), b.index()));
        double seconds = timedNanos >= 0 ? timedNanos / 1e9 : ops > 0 ? (last - first) / 1e9 : 0;
        return new BenchReport(config, seconds, ops, bytes, latency, results, cpuSeconds);
    }
}
