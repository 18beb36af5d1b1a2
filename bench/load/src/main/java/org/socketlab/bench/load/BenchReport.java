package org.socketlab.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The result of a run: throughput, latency percentiles (HdrHistogram, microseconds), and per connection how long
 * it waited before its first echo, so that queueing behind a sequential server shows.
 *
 * @param config the run
 * @param seconds the measured time
 * @param ops operations measured (round trips, chunks or connections)
 * @param bytes bytes echoed in the measured time
 * @param latency latency in nanoseconds of each operation (empty for stream)
 * @param perConnection one entry per connection
 * @param cpuSeconds the load generator's own CPU time during the run (all its threads; the JVM's start left out),
 *     to compare with the server's
 */
public record BenchReport(
        BenchConfig config,
        double seconds,
        long ops,
        long bytes,
        Histogram latency,
        List<ConnectionResult> perConnection,
        double cpuSeconds) {
    /** Above this many connections the text gives the longest wait instead of one line per connection. */
    private static final int LISTED_CONNECTIONS = 20;

    public long served() {
        return perConnection.stream().filter(ConnectionResult::served).count();
    }

    private double micros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    private double throughput() {
        return seconds > 0 ? (config.mode() == BenchMode.STREAM ? bytes / seconds / 1e6 : ops / seconds) : 0;
    }

    private String unit() {
        return switch (config.mode()) {
            case RTT -> "msgs/s";
            case STREAM -> "MB/s";
            case CONN -> "conns/s";
        };
    }

    /** The summary for a person. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%s %s:%d  %d connection(s), %d-byte %s, %.2f s measured%n",
                config.mode().name().toLowerCase(Locale.ROOT),
                config.server().getHostString(),
                config.server().getPort(),
                config.connections(),
                config.size(),
                config.mode() == BenchMode.STREAM ? "chunks" : "messages",
                seconds));
        s.append(String.format(
                Locale.ROOT, "throughput  %.1f %s (%d ops, %d bytes)%n", throughput(), unit(), ops, bytes));
        if (latency.getTotalCount() > 0) {
            s.append(String.format(
                    Locale.ROOT,
                    "latency us  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    micros(50),
                    micros(90),
                    micros(99),
                    micros(99.9),
                    latency.getMaxValue() / 1000.0));
        }
        s.append(String.format(Locale.ROOT, "served      %d of %d connections%n", served(), perConnection.size()));
        s.append(String.format(Locale.ROOT, "cpu         %.2f s (the load generator, during the run)%n", cpuSeconds));
        if (perConnection.size() > LISTED_CONNECTIONS) {
            perConnection.stream()
                    .filter(ConnectionResult::served)
                    .max((a, b) -> Long.compare(a.waitedNanos(), b.waitedNanos()))
                    .ifPresent(c -> s.append(String.format(
                            Locale.ROOT,
                            "longest wait before a first echo: %.1f ms (connection %d)%n",
                            c.waitedNanos() / 1e6,
                            c.index())));
        }
        if (perConnection.size() > LISTED_CONNECTIONS || perConnection.size() == 1) {
            perConnection.stream()
                    .filter(c -> c.failure() != null)
                    .findFirst()
                    .ifPresent(c -> s.append(String.format(
                            Locale.ROOT,
                            "failed      %d connection(s), e.g. connection %d: %s%n",
                            perConnection.stream()
                                    .filter(f -> f.failure() != null)
                                    .count(),
                            c.index(),
                            c.failure())));
        } else if (perConnection.size() > 1) {
            s.append("connection  local port  waited before first echo (ms)  ops")
                    .append(System.lineSeparator());
            for (ConnectionResult c : perConnection) {
                s.append(String.format(
                        Locale.ROOT,
                        "%10d  %10d  %30s  %d%s%n",
                        c.index(),
                        c.localPort(),
                        c.served() ? String.format(Locale.ROOT, "%.1f", c.waitedNanos() / 1e6) : "never served",
                        c.ops(),
                        c.failure() == null ? "" : "  (" + c.failure() + ")"));
            }
        }
        return s.toString();
    }

    /** The summary as one JSON object. */
    public String json() {
        String connections = perConnection.stream()
                .map(c -> String.format(
                        Locale.ROOT,
                        "{\"index\":%d,\"local_port\":%d,\"served\":%b,\"waited_before_first_echo_ms\":%s,\"ops\":%d}",
                        c.index(),
                        c.localPort(),
                        c.served(),
                        c.served() ? String.format(Locale.ROOT, "%.3f", c.waitedNanos() / 1e6) : "null",
                        c.ops()))
                .collect(Collectors.joining(","));
        return String.format(
                Locale.ROOT,
                "{\"mode\":\"%s\",\"host\":\"%s\",\"port\":%d,\"connections\":%d,\"size\":%d,"
                        + "\"seconds\":%.4f,\"ops\":%d,\"bytes\":%d,\"throughput\":%.2f,\"unit\":\"%s\","
                        + "\"latency_us\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"p99_9\":%.2f,\"max\":%.2f},"
                        + "\"served\":%d,\"cpu_seconds\":%.3f,\"threads\":%d,\"per_connection\":[%s]}",
                config.mode().name().toLowerCase(Locale.ROOT),
                config.server().getHostString(),
                config.server().getPort(),
                config.connections(),
                config.size(),
                seconds,
                ops,
                bytes,
                throughput(),
                unit(),
                micros(50),
                micros(90),
                micros(99),
                micros(99.9),
                latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0,
                served(),
                cpuSeconds,
                config.threads(),
                connections);
    }
}
