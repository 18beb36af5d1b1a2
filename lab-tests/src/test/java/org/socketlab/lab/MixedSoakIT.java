package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.ProcessView;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.options.TcpState;

/**
 * Faults on the wire, 6: a soak. Fifty clients at once, of seven kinds, each starting a new client of its kind as
 * soon as the last one ends: normal (pieces echoed one by one), reset (SO_LINGER 0), killed (a socat process
 * streaming random bytes, SIGKILLed), idle, slow reader, half-close then read, garbage (binary bytes, then close
 * without reading). Every byte of every client that reads its echo comes back exact; afterwards the server's
 * descriptors and threads are back at their counts before the soak and it uses no CPU.
 *
 * <p>On loopback, with the clients in this JVM: the soak is about the server's bookkeeping, not the link. It lasts
 * 5 s per model; {@code -Dsocketlab.soak.seconds=60} runs the 60 s.
 */
@LabExperiment
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MixedSoakIT {
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("socketlab.soak.seconds", 5));
    private static final int CLIENTS = 50;
    /** The longest any one client may wait for its server: the sequential one may be behind idle clients. */
    private static final int CLIENT_WAIT_MILLIS = 30_000;
    /** Between two clients of one slot: fifty slots must not saturate two shared cores. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final String HOST = "127.0.0.1";

    private enum Kind {
        NORMAL,
        RESET,
        KILLED,
        IDLE,
        SLOW_READER,
        HALF_CLOSE,
        GARBAGE
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "workers"})
    void fiftyMixedClientsGetExactEchoesAndLeaveNoDescriptorThreadOrCpuBehind(String model, Lab lab) throws Exception {
        Requirements.tools("socat");
        List<String> options = new ArrayList<>(List.of("--backlog", "64"));
        options.addAll(
                switch (model) {
                    case "sequential" -> List.of("--idle-timeout", "1s"); // else one idle client stops it for good
                    case "pool" -> List.of("--workers", "64");
                    case "workers" -> List.of("--workers", "4", "--per-worker", "16");
                    default -> List.of();
                });
        LabProcess server = Faults.server(lab, Host.LOOPBACK, model, options.toArray(String[]::new));
        int port = Faults.port(server);
        InetSocketAddress address = new InetSocketAddress(HOST, port);
        Clients warmUp = new Clients(lab, address);
        for (Kind kind : Kind.values()) {
            warmUp.runCounted(kind); // every path of the server loaded and compiled once before the counts
        }
        assertThat(warmUp.failures).as("warm-up clients that failed").isEmpty();
        awaitNoConnection(lab, port);
        ProcessView process = ProcessView.of(server);
        long fdsBefore = process.openFds();
        List<String> threadsBefore = threadNames(server);

        Clients clients = new Clients(lab, address);
        List<Thread> slots = new ArrayList<>();
        long end = System.nanoTime() + SOAK.toNanos();
        for (int i = 0; i < CLIENTS; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            Thread slot = new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            clients.runCounted(kind);
                            LockSupport.parkNanos(PAUSE_NANOS);
                        }
                    },
                    "soak-" + kind.name().toLowerCase(Locale.ROOT) + "-" + i);
            slot.setDaemon(true);
            slot.start();
            slots.add(slot);
        }
        for (Thread slot : slots) {
            slot.join(SOAK.toMillis() + 2L * CLIENT_WAIT_MILLIS);
            assertThat(slot.isAlive())
                    .as(slot.getName() + " still running after the soak")
                    .isFalse();
        }
        assertThat(clients.failures)
                .as("clients that did not get their exact echo")
                .isEmpty();
        assertThat(server.isAlive()).isTrue();

        awaitNoConnection(lab, port);
        await().atMost(WAIT)
                .untilAsserted(
                        // At most as many: one the JVM held before the soak (a class file, a cleaner's) may be
                        // closed since; more would be a descriptor the soak left behind.
                        () -> assertThat(process.openFds()).as("descriptors").isLessThanOrEqualTo(fdsBefore));
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(threadNames(server)).as("threads").isEqualTo(threadsBefore));
        long ticks = process.cpuTicks();
        // A measurement window, not synchronisation: how much CPU the server burns once nothing happens.
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        long idleTicks = process.cpuTicks() - ticks;
        System.out.printf(
                "soak, %s model, %d s, %d clients at once: %s; %,d bytes verified; descriptors %d -> %d,"
                        + " threads %d -> %d; %d CPU ticks (1/100 s) in the idle second after%n",
                model,
                SOAK.toSeconds(),
                CLIENTS,
                clients.counts,
                clients.bytesVerified.sum(),
                fdsBefore,
                process.openFds(),
                threadsBefore.size(),
                threadNames(server).size(),
                idleTicks);
        assertThat(clients.counts.get(Kind.NORMAL).sum())
                .as("normal clients served")
                .isPositive();
        assertThat(idleTicks)
                .as("CPU ticks (1/100 s) in one idle second after the soak")
                .isLessThanOrEqualTo(3);
    }

    /**
     * The names of the server's threads, sorted, less the JVM's own that come and go as they like: the JIT's
     * compiler threads and the JDK's "process reaper", which ends after 60 s of idleness.
     */
    private static List<String> threadNames(LabProcess server) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> tasks =
                Files.newDirectoryStream(Path.of("/proc", String.valueOf(server.pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (NoSuchFileException ended) {
                    // The thread ended while we listed them.
                }
            }
        }
        names.removeIf(name -> name.startsWith("C1 CompilerThre")
                || name.startsWith("C2 CompilerThre")
                || name.equals("process reaper"));
        names.sort(null);
        return names;
    }

    /** Waits until the server owns no connected socket any more. */
    private static void awaitNoConnection(Lab lab, int port) {
        lab.kernel()
                .awaitCount(
                        c -> c.local().getPort() == port && c.state() != TcpState.LISTEN && c.inode() != 0,
                        0,
                        "the server's connections all closed",
                        WAIT);
    }

    /** The seven kinds of client, each run to its end; counts and failures shared by the slots. */
    private static final class Clients {
        private final Lab lab;
        private final InetSocketAddress server;
        private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
        private final LongAdder bytesVerified = new LongAdder();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();

        Clients(Lab lab, InetSocketAddress server) {
            this.lab = lab;
            this.server = server;
            for (Kind kind : Kind.values()) {
                counts.put(kind, new LongAdder());
            }
        }

        /**
         * Runs one client. A client that cannot connect, or waits in vain, is a failure; so is any failure of a
         * client that reads its echo. A reset or garbage client may see its connection fail: that is its fate.
         */
        void runCounted(Kind kind) {
            try {
                run(kind);
                counts.get(kind).increment();
            } catch (ConnectException | SocketTimeoutException | AssertionError e) {
                failures.add(Thread.currentThread().getName() + ": " + e);
            } catch (IOException | RuntimeException e) {
                if (kind == Kind.NORMAL || kind == Kind.SLOW_READER || kind == Kind.HALF_CLOSE) {
                    failures.add(Thread.currentThread().getName() + ": " + e);
                } else {
                    counts.get(kind).increment();
                }
            }
        }

        void run(Kind kind) throws IOException {
            if (kind == Kind.KILLED) {
                killed();
                return;
            }
            try (SocketChannel c = SocketChannel.open()) {
                c.socket().connect(server, CLIENT_WAIT_MILLIS);
                c.socket().setSoTimeout(CLIENT_WAIT_MILLIS);
                InputStream in = c.socket().getInputStream();
                switch (kind) {
                    case NORMAL -> {
                        for (int piece = 0; piece < 4; piece++) {
                            verify(in, write(c, randomBytes(8 << 10)));
                        }
                        c.shutdownOutput();
                        expectEof(in);
                    }
                    case RESET -> {
                        write(c, randomBytes(1 << 10));
                        c.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                    case IDLE -> idle(c);
                    case SLOW_READER -> {
                        byte[] sent = write(c, randomBytes(16 << 10));
                        byte[] echo = new byte[sent.length];
                        for (int at = 0; at < echo.length; at += 512) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the slowness is the point
                            readFully(in, echo, at, 512);
                        }
                        compare(sent, echo);
                    }
                    case HALF_CLOSE -> {
                        byte[] sent = write(c, randomBytes(32 << 10));
                        c.shutdownOutput();
                        verify(in, sent);
                        expectEof(in);
                    }
                    case GARBAGE ->
                        write(c, randomBytes(ThreadLocalRandom.current().nextInt(1, 8 << 10)));
                    default -> throw new IllegalStateException("not a socket client: " + kind);
                }
            }
        }

        /** Connects and sends nothing: until the server closes it (its idle timeout) or 2 s pass. */
        private static void idle(SocketChannel c) throws IOException {
            c.socket().setSoTimeout(2_000);
            try {
                if (c.socket().getInputStream().read() >= 0) {
                    throw new IOException("an idle client received a byte it never sent");
                }
            } catch (SocketTimeoutException stillOpen) {
                // The server kept it open for 2 s: a concurrent model, as it should be.
            }
        }

        /** A real process streaming random bytes, SIGKILLed once connected: its kernel closes the socket. */
        private void killed() {
            LabProcess socat = lab.start(
                    "killed client",
                    List.of("socat", "-d", "-d", "-u", "OPEN:/dev/urandom", "TCP:" + HOST + ":" + server.getPort()));
            socat.awaitErrLine("successfully connected", Duration.ofMillis(CLIENT_WAIT_MILLIS));
            socat.kill();
        }

        private static byte[] randomBytes(int size) {
            byte[] bytes = new byte[size];
            ThreadLocalRandom.current().nextBytes(bytes);
            return bytes;
        }

        private static byte[] write(SocketChannel c, byte[] bytes) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                c.write(out);
            }
            return bytes;
        }

        private void verify(InputStream in, byte[] sent) throws IOException {
            byte[] echo = new byte[sent.length];
            readFully(in, echo, 0, echo.length);
            compare(sent, echo);
        }

        private void compare(byte[] sent, byte[] echo) throws IOException {
            int at = Arrays.mismatch(sent, echo);
            if (at >= 0) {
                throw new IOException("the echo differs from what was sent at byte " + at + " of " + sent.length);
            }
            bytesVerified.add(sent.length);
        }

        private static void readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
            if (in.readNBytes(into, offset, length) < length) {
                throw new IOException("EOF after fewer than " + length + " bytes of the echo");
            }
        }

        private static void expectEof(InputStream in) throws IOException {
            if (in.read() >= 0) {
                throw new IOException("bytes after the whole echo");
            }
        }
    }
}
