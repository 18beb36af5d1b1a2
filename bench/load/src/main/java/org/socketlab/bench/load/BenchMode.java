package org.socketlab.bench.load;

/** What each connection of the load generator does. */
public enum BenchMode {
    /** Round trips: send SIZE bytes, read them back, repeat. Latency of each round trip. */
    RTT,
    /** Streaming: a writer sends SIZE-byte chunks while the connection's thread reads the echo. Throughput. */
    STREAM,
    /** Connections: connect, echo SIZE bytes, close, repeat. Latency of each whole connection. */
    CONN
}
