package org.socketlab.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Lines for a terminal or a pipe, each written within {@value #DELAY_MILLIS} ms, in batches: a named daemon thread
 * writes whatever has gathered in one write(2). A server printing two lines per connection thus makes one system
 * call per batch instead of two per connection, and the accept loop never waits for the terminal. Thread-safe.
 */
final class TimelyOutput {
    /** Longer than the gap between lines under load, shorter than a person or a test notices. */
    static final long DELAY_MILLIS = 10;
    private static final int MAX_PENDING = 1 << 20;

    private final OutputStream out;
    /** Held while writing, so that batches reach the stream in order. */
    private final Object writeLock = new Object();
    private byte[] pending = new byte[8192];
    private int size;
    private boolean scheduled;

    TimelyOutput(OutputStream out) {
        this.out = out;
        Thread flusher = new Thread(this::flushLoop, "lab-messages");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Queues a line; it is written within the delay. */
    void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        boolean full;
        synchronized (this) {
            full = size + bytes.length > MAX_PENDING;
        }
        if (full) {
            flushNow(); // stdout does not keep up (a stalled terminal): wait for it, as a C server would
        }
        synchronized (this) {
            if (size + bytes.length > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, size + bytes.length));
            }
            System.arraycopy(bytes, 0, pending, size, bytes.length);
            size += bytes.length;
            if (!scheduled) {
                scheduled = true;
                notifyAll();
            }
        }
    }

    /** Writes a line and everything queued before it at once, e.g. the line that says the server listens. */
    void lineNow(String text) {
        line(text);
        flushNow();
    }

    /** Writes everything queued, now; for the end of the program. */
    void flushNow() {
        synchronized (writeLock) {
            byte[] batch;
            synchronized (this) {
                batch = Arrays.copyOf(pending, size);
                size = 0;
                scheduled = false;
            }
            if (batch.length > 0) {
                try {
                    out.write(batch);
                    out.flush();
                } catch (IOException e) {
                    // stdout is gone (a closed pipe): the lines have no reader; the server goes on serving.
                }
            }
        }
    }

    private void flushLoop() {
        try {
            while (true) {
                synchronized (this) {
                    while (!scheduled) {
                        wait();
                    }
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS);
                    for (long left = DELAY_MILLIS; left > 0 && scheduled;
                         left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                        wait(left);
                    }
                }
                flushNow(); // outside the lock on the lines: the accept loop never waits for the terminal
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
