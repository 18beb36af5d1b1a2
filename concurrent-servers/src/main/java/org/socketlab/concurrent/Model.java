package org.socketlab.concurrent;

import java.util.Locale;

/** The server models of the concurrent-servers and I/O-multiplexing labs. */
public enum Model {
    /** A thread per connection, the Java form of fork() per connection. */
    THREAD,
    /** A fixed pool of threads started in advance, each accepting on the shared listening socket. */
    POOL,
    /** One thread, one selector: non-blocking accept, reads and writes. */
    SELECT,
    /** N selector threads sharing the listening socket, each serving at most M connections. */
    WORKERS,
    /** A virtual thread per connection (JDK 21 or newer). */
    VIRTUAL,
    /** Not an echo: the I/O lab's asynchronous greeting server (hello, goodbye, close). */
    GREETING;

    /** Parses the command-line spelling, e.g. {@code thread}. */
    public static Model parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model '" + text
                    + "': the models are thread, pool, select, workers, virtual and greeting");
        }
    }
}
