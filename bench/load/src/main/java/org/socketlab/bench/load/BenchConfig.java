package org.socketlab.bench.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One load-generator run. Immutable; validated when built.
 *
 * @param server the echo server
 * @param mode what each connection does
 * @param connections how many connections
 * @param size bytes per message (rtt, conn) or per chunk (stream)
 * @param count operations per connection (round trips, chunks or connections), if the run is counted
 * @param duration how long the run lasts, if it is timed
 * @param warmUpTime for a timed run, how long at its start is left out of the figures
 * @param threads event-loop threads sharing the connections, each with its own selector
 */
public record BenchConfig(
        InetSocketAddress server,
        BenchMode mode,
        int connections,
        int size,
        Optional<Long> count,
        Optional<Duration> duration,
        Duration warmUpTime,
        int threads) {

    public BenchConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(warmUpTime, "warmUpTime");
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("bad --connections " + connections + ": expected 1 to 10000");
        }
        if (size < 1 || size > (64 << 20)) {
            throw new IllegalArgumentException("bad --size " + size + ": expected 1 to 67108864 bytes");
        }
        if (count.isPresent() == duration.isPresent()) {
            throw new IllegalArgumentException("give either --count or --duration");
        }
        if (count.isPresent() && count.get() < 1) {
            throw new IllegalArgumentException("bad --count " + count.get() + ": expected at least 1");
        }
        if (duration.isPresent() && warmUpTime.compareTo(duration.get()) >= 0) {
            throw new IllegalArgumentException("bad --warmup " + warmUpTime.toMillis() + " ms: expected less than the "
                    + "--duration, " + duration.get().toMillis() + " ms");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("bad --threads " + threads + ": expected 1 to 64");
        }
    }

    /** A run on one event-loop thread; a timed run leaves its first tenth out of the figures. */
    public BenchConfig(
            InetSocketAddress server,
            BenchMode mode,
            int connections,
            int size,
            Optional<Long> count,
            Optional<Duration> duration) {
        this(
                server,
                mode,
                connections,
                size,
                count,
                duration,
                duration.map(d -> d.dividedBy(10)).orElse(Duration.ZERO),
                1);
    }

    /**
     * Operations per connection left out of the figures of a counted run while the JIT and the caches warm up: a
     * tenth of the count (at most 200 round trips or connections; chunks for stream), run before the count.
     */
    long warmUpOps() {
        long cap = mode == BenchMode.STREAM ? Long.MAX_VALUE : 200;
        return count.map(c -> Math.min(cap, c / 10)).orElse(0L);
    }
}
