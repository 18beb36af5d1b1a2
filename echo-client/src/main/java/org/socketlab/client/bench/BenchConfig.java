package org.socketlab.client.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One load-generator run. Immutable; validated when built.
 *
 * @param server the echo server
 * @param mode what each connection does
 * @param connections how many connections, each on its own thread
 * @param size bytes per message (rtt, conn) or per chunk (stream)
 * @param count operations per connection (round trips, chunks or connections), if the run is counted
 * @param duration how long the run lasts, if it is timed
 */
public record BenchConfig(InetSocketAddress server, BenchMode mode, int connections, int size, Optional<Long> count,
                          Optional<Duration> duration) {

    public BenchConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mode, "mode");
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
    }

    /**
     * Operations per connection left out of the figures while the JIT and the caches warm up: for a counted run a
     * tenth of the count (at most 200 round trips or connections; chunks for stream), run before the count.
     */
    long warmUp() {
        long cap = mode == BenchMode.STREAM ? Long.MAX_VALUE : 200;
        return count.map(c -> Math.min(cap, c / 10)).orElse(mode == BenchMode.STREAM ? 0L : 200L);
    }
}
