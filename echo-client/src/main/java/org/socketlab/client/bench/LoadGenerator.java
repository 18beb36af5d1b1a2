package org.socketlab.client.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A load generator for echo servers: C connections, each on its own thread, doing round trips, streaming or
 * connecting, measured with HdrHistogram. Against a sequential server the connections queue, and each one's wait
 * before its first echo shows it; against the concurrent servers of the next labs they do not.
 */
public final class LoadGenerator {
    private static final long PROGRESS_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final BenchConfig config;
    private final LongAdder progress = new LongAdder();
    private volatile boolean stopping;
    private long deadline;

    private LoadGenerator(BenchConfig config) {
        this.config = config;
    }

    /**
     * Runs the load and returns the report. With {@code --duration}, connections still waiting at the end (queued
     * behind a sequential server) are closed and reported as never served.
     *
     * @param status told of progress once a second after the first two seconds (for stderr)
     */
    public static BenchReport run(BenchConfig config, Consumer<String> status) throws InterruptedException {
        return new LoadGenerator(config).run(status);
    }

    private BenchReport run(Consumer<String> status) throws InterruptedException {
        long start = System.nanoTime();
        deadline = config.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        List<Worker> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            Worker worker = new Worker(i, done);
            workers.add(worker);
            Thread thread = new Thread(worker, "bench-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        while (!done.await(1, TimeUnit.SECONDS)) {
            long now = System.nanoTime();
            if (now - start >= PROGRESS_AFTER_NANOS) {
                long served = workers.stream().filter(w -> w.waited >= 0).count();
                status.accept(String.format("%d s, %d ops, %d of %d connections served so far",
                        TimeUnit.NANOSECONDS.toSeconds(now - start), progress.sum(), served, workers.size()));
            }
            if (now - deadline > TimeUnit.SECONDS.toNanos(2)) {
                stopping = true; // those still blocked are queued behind others: end their wait
                workers.forEach(Worker::abort);
            }
        }
        return report(workers);
    }

    private BenchReport report(List<Worker> workers) {
        Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
        long ops = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<ConnectionResult> results = new ArrayList<>();
        for (Worker w : workers) {
            latency.add(w.histogram);
            ops += w.ops;
            bytes += w.bytes;
            if (w.ops > 0) {
                first = Math.min(first, w.measuredStart);
                last = Math.max(last, w.measuredEnd);
            }
            results.add(new ConnectionResult(w.index, w.localPort, w.waited, w.ops, w.failure));
        }
        double seconds = ops > 0 ? (last - first) / 1e9 : 0;
        return new BenchReport(config, seconds, ops, bytes, latency, results);
    }

    private boolean more(long i) {
        return config.count().map(c -> i < config.warmUp() + c).orElseGet(() -> System.nanoTime() < deadline)
                && !stopping;
    }

    /** One connection's thread. Fields are read by the main thread after the latch. */
    private final class Worker implements Runnable {
        final int index;
        final CountDownLatch done;
        final Histogram histogram = new Histogram(MAX_LATENCY_NANOS, 3);
        volatile SocketChannel channel;
        volatile long waited = -1;
        int localPort;
        long ops;
        long bytes;
        long measuredStart;
        long measuredEnd;
        String failure;

        Worker(int index, CountDownLatch done) {
            this.index = index;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                switch (config.mode()) {
                    case RTT -> roundTrips();
                    case STREAM -> stream();
                    case CONN -> connections();
                }
            } catch (IOException e) {
                if (!stopping) {
                    failure = String.valueOf(e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                abort();
                done.countDown();
            }
        }

        void abort() {
            SocketChannel c = channel;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing to end a wait; nothing to report
                }
            }
        }

        private SocketChannel connect() throws IOException {
            SocketChannel c = SocketChannel.open();
            channel = c;
            c.setOption(StandardSocketOptions.TCP_NODELAY, true); // as echoload.c: measure the server, not Nagle
            c.connect(config.server());
            localPort = ((InetSocketAddress) c.getLocalAddress()).getPort();
            return c;
        }

        private void record(long i, long began, long ended) {
            if (waited < 0) {
                waited = ended - began;
            }
            progress.increment();
            if (i < config.warmUp()) {
                return;
            }
            if (ops == 0) {
                measuredStart = began;
            }
            histogram.recordValue(Math.min(ended - began, MAX_LATENCY_NANOS));
            ops++;
            bytes += config.size();
            measuredEnd = ended;
        }

        private void roundTrips() throws IOException {
            long connectStart = System.nanoTime();
            SocketChannel c = connect();
            ByteBuffer out = ByteBuffer.allocateDirect(config.size());
            ByteBuffer in = ByteBuffer.allocateDirect(config.size());
            for (long i = 0; more(i); i++) {
                long began = i == 0 ? connectStart : System.nanoTime();
                echo(c, out, in);
                record(i, began, System.nanoTime());
            }
        }

        private void connections() throws IOException {
            ByteBuffer out = ByteBuffer.allocateDirect(config.size());
            ByteBuffer in = ByteBuffer.allocateDirect(config.size());
            for (long i = 0; more(i); i++) {
                long began = System.nanoTime();
                try (SocketChannel c = connect()) {
                    echo(c, out, in);
                }
                record(i, began, System.nanoTime());
            }
        }

        private void echo(SocketChannel c, ByteBuffer out, ByteBuffer in) throws IOException {
            out.clear();
            while (out.hasRemaining()) {
                c.write(out);
            }
            in.clear();
            while (in.hasRemaining()) {
                if (c.read(in) < 0) {
                    throw new EOFException("the server closed the connection");
                }
            }
        }

        private void stream() throws IOException, InterruptedException {
            long connectStart = System.nanoTime();
            SocketChannel c = connect();
            long[] chunks = {0};
            Thread writer = new Thread(() -> {
                ByteBuffer out = ByteBuffer.allocateDirect(config.size());
                try {
                    for (long i = 0; more(i); i++) {
                        out.clear();
                        while (out.hasRemaining()) {
                            c.write(out);
                        }
                        chunks[0]++;
                    }
                    c.shutdownOutput();
                } catch (IOException e) {
                    abort();
                }
            }, "bench-" + index + "-writer");
            writer.setDaemon(true);
            writer.start();
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
            long warmUpBytes = config.warmUp() * config.size();
            long received = 0;
            for (int n = c.read(in); n >= 0; n = c.read(in.clear())) {
                if (received == 0 && n > 0) {
                    waited = System.nanoTime() - connectStart;
                }
                if (received < warmUpBytes && received + n >= warmUpBytes || warmUpBytes == 0 && received == 0) {
                    measuredStart = System.nanoTime(); // the warm-up is echoed: measure from here
                }
                received += n;
                progress.add(n);
            }
            writer.join();
            measuredEnd = System.nanoTime();
            bytes = received - warmUpBytes;
            ops = chunks[0] - config.warmUp();
        }
    }
}
