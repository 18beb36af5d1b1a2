package org.socketlab.lab;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.socketlab.lab.fixture.Lab;

/**
 * {@link Integrity#roundTrip} bounded by progress rather than by size: it fails as soon as the echo stops moving
 * for {@link #STALL} (no byte, or no end of stream after the last byte: a server that never closes), with what was
 * seen, instead of waiting out the test's timeout. A gibibyte and a kilobyte get the same, short, bound.
 */
final class BoundedRoundTrip {
    /** How long an echo on loopback may make no progress at all before it is declared stuck. */
    static final Duration STALL = Duration.ofSeconds(10);

    private BoundedRoundTrip() {}

    /** The round trip of {@code total} bytes to the server on {@code port} of loopback. */
    static void run(Lab lab, int port, long total, long seed) throws Exception {
        run(lab, port, total, seed, received -> {});
    }

    /** The same, telling {@code progress} the bytes received so far after each read. */
    static void run(Lab lab, int port, long total, long seed, LongConsumer progress) throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread roundTrip = new Thread(
                () -> {
                    try {
                        Integrity.roundTrip(new InetSocketAddress("127.0.0.1", port), total, seed, n -> {
                            received.set(n);
                            lastProgress.set(System.nanoTime());
                            progress.accept(n);
                        });
                        done.complete(null);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                },
                "round-trip-to-" + port);
        // Left blocked on a stuck echo, it ends when the experiment kills the server and the kernel closes the socket.
        roundTrip.setDaemon(true);
        roundTrip.start();
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw (Error) e.getCause();
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastProgress.get() > STALL.toNanos()) {
                    long now = received.get();
                    throw new AssertionError((now == total
                                    ? "all " + total + " bytes echoed, but no end of stream"
                                            + " (the server did not close the connection)"
                                    : "the echo stuck at " + now + " of " + total + " bytes")
                            + " for " + STALL.toSeconds() + " s; the kernel has "
                            + lab.kernel().describePort(port));
                }
            }
        }
    }
}
