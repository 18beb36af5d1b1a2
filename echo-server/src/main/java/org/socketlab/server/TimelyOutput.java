package org.socketlab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lines for a terminal or a pipe, each written within {@value #DELAY_MILLIS} ms, in batches: a named daemon thread
 * formats whatever has gathered and writes it in one write(2). A server printing two lines per connection thus makes
 * one system call per batch instead of two per connection, and its accept loop neither formats text nor waits for
 * the terminal: it only queues a line's recipe ({@link #line(Supplier)}). Lines keep their order. Thread-safe.
 */
final class TimelyOutput {
    /** Longer than the gap between lines under load, shorter than a person or a test notices. */
    static final long DELAY_MILLIS = 10;
    /** Lines queued at most; beyond it the caller writes them itself, as a C server would wait for the terminal. */
    private static final int MAX_PENDING = 1 << 16;

    private final OutputStream out;
    /** Held while formatting and writing, so that batches reach the stream in order. */
    private final Object writeLock = new Object();
    /** Each a String or a Supplier of one. */
    private List<Object> pending = new ArrayList<>();
    private boolean scheduled;

    TimelyOutput(OutputStream out) {
        this.out = out;
        Thread flusher = new Thread(this::flushLoop, "lab-messages");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Queues a line; it is written within the delay. */
    void line(String text) {
        enqueue(text);
    }

    /** Queues a line that is formatted when written, within the delay, on the writing thread. */
    void line(Supplier<String> text) {
        enqueue(text);
    }

    private void enqueue(Object line) {
        boolean full;
        synchronized (this) {
            pending.add(line);
            full = pending.size() >= MAX_PENDING;
            if (!scheduled && !full) {
                scheduled = true;
                notifyAll();
            }
        }
        if (full) {
            flushNow(); // stdout does not keep up (a stalled terminal): wait for it, as a C server would
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
            List<Object> batch;
            synchronized (this) {
                batch = pending;
                pending = new ArrayList<>(Math.max(16, batch.size()));
                scheduled = false;
            }
            if (batch.isEmpty()) {
                return;
            }
            ByteArrayOutputStream text = new ByteArrayOutputStream(batch.size() * 64);
            for (Object line : batch) {
                text.writeBytes(format(line).getBytes(StandardCharsets.UTF_8));
                text.write('\n');
            }
            try {
                text.writeTo(out);
                out.flush();
            } catch (IOException e) {
                // stdout is gone (a closed pipe): the lines have no reader; the server goes on serving.
            }
        }
    }

    /** A line's text; a recipe that fails costs its own line only, never the writing thread. */
    private static String format(Object line) {
        if (line instanceof String) {
            return (String) line;
        }
        try {
            return String.valueOf(((Supplier<?>) line).get());
        } catch (RuntimeException e) {
            return "(a message could not be formatted: " + e + ")";
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
