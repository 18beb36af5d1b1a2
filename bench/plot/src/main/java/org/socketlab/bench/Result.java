package org.socketlab.bench;

import java.util.Set;

/**
 * One row of {@code bench/results/results.csv}: a server model at one count of connections, the medians of its
 * rounds, and its baseline measured in the same run.
 *
 * @param model the server model, e.g. {@code select}, or a reference server, e.g. {@code netty}
 * @param connections connections, each with one message in flight
 * @param baseline the C server it was compared with, e.g. {@code C-epoll}
 * @param throughput round trips per second
 * @param p50Micros median round-trip time
 * @param p99Micros 99th percentile round-trip time
 * @param baselineThroughput the baseline's round trips per second
 * @param baselineP99Micros the baseline's 99th percentile
 * @param ratio throughput / baseline throughput
 */
public record Result(
        String model,
        int connections,
        String baseline,
        double throughput,
        double p50Micros,
        double p99Micros,
        double baselineThroughput,
        double baselineP99Micros,
        double ratio) {
    /** bench/run.sh's reference servers: measured like the models, but not the project's. */
    public static final Set<String> REFERENCES = Set.of("netty", "c-thread", "c-workers");

    /** Whether this row is a reference server (Netty's echo, a C twin of a model) rather than one of our models. */
    public boolean reference() {
        return REFERENCES.contains(model);
    }
}
