package org.socketlab.bench;

/**
 * One row of {@code bench/results/results.csv}: a server model at one count of connections, the medians of its
 * rounds, and its baseline measured in the same run.
 *
 * @param model the server model, e.g. {@code select}
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
        double ratio) {}
