package org.socketlab.lab.activity;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Waits;

/**
 * Lab 3, question 2: "Run demand-accept.c, a SIGIO server (O_ASYNC|O_NONBLOCK plus F_SETOWN). Its handler accepts,
 * sends and closes. Test with telnet localhost 9999." Twenty clients connect while the server is stopped
 * (SIGSTOP): their SIGIOs coalesce (a pending standard signal is one bit, not a queue), so when it continues it
 * gets one signal, and a handler that accepts once per signal leaves 19 in the backlog, unanswered; ours accepts
 * until accept() says EAGAIN. Without the stop, a burst loses fewer, depending on timing (19 of 20 answered).
 */
final class Lab3DemandAccept extends Activity {
    private static final String GREETING = "hello\ngoodbye!\n\n";
    private static final int BURST = 20;
    private static final int SIGIO = 29;
    private static final Duration ANSWER = Duration.ofSeconds(3);

    Lab3DemandAccept() {
        super(
                2,
                "demand-accept: the SIGIO server",
                "A SIGIO handler accepts, sends and closes: are all clients served?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts: a SIGIO handler, then fcntl F_SETOWN and O_ASYNC|O_NONBLOCK on the socket");
        LabProcess server = run.startServerModel("sigio", "--backlog", "20"); // demand-accept.c's listen(20)
        int port = run.port();
        run.observe("the process catches SIGIO: SigCgt in /proc/PID/status has bit 29 set", () -> {
            String line = Files.readAllLines(Path.of("/proc", String.valueOf(server.pid()), "status")).stream()
                    .filter(l -> l.startsWith("SigCgt:"))
                    .findFirst()
                    .orElseThrow();
            BigInteger mask = new BigInteger(line.substring("SigCgt:".length()).trim(), 16);
            if (!mask.testBit(SIGIO - 1)) {
                throw new AssertionError(line + ": SIGIO is not caught; a SIGIO would end the process");
            }
            return line.replace('\t', ' ');
        });

        run.step("one client connects: one SIGIO, one greeting");
        run.observe("it gets hello, goodbye and the server's close", () -> {
            List<String> got = read(connect(port, 1));
            if (!got.get(0).equals(GREETING)) {
                throw new AssertionError("got " + quote(got.get(0)));
            }
            return quote(got.get(0));
        });

        run.step("the server is stopped (kill -STOP) while " + BURST + " clients connect, then continued (kill -CONT):"
                + " each connection raised SIGIO, but a pending signal is one bit, so the process gets one");
        server.signal("STOP");
        List<SocketChannel> burst;
        try {
            burst = connect(port, BURST);
        } finally {
            server.signal("CONT");
        }
        run.observe("every one of the " + BURST + " gets the greeting (the handler accepts until EAGAIN)", () -> {
            long answered = read(burst).stream().filter(GREETING::equals).count();
            if (answered < BURST) {
                throw new AssertionError("only " + answered + " of " + BURST + " were answered within "
                        + ANSWER.toSeconds() + " s: the rest wait in the backlog; the signals of a burst coalesce,"
                        + " so a handler that accepts once per SIGIO loses them: accept until EAGAIN");
            }
            return answered + " of " + BURST + " greeted";
        });
        run.observeOurServer("the server says so for each: \"closed: 16 bytes sent\"", () -> {
            // The line comes after the close() that the client has already seen: wait for it, briefly.
            Supplier<Long> lines = () -> server.stdoutLines().stream()
                    .filter(l -> l.endsWith("closed: 16 bytes sent"))
                    .count();
            long sent = Waits.until(lines, n -> n >= BURST + 1, ANSWER).orElseGet(lines);
            if (sent < BURST + 1) {
                throw new AssertionError("only " + sent + " such lines");
            }
            return sent + " lines";
        });
    }

    /** {@code count} clients connected, one right after the other. */
    private static List<SocketChannel> connect(int port, int count) {
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                clients.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
        } catch (IOException e) {
            clients.forEach(Lab3DemandAccept::closeQuietly);
            throw new AssertionError("the clients could not connect: " + e.getMessage(), e);
        }
        return clients;
    }

    /** What each client reads until the server closes, for {@link #ANSWER} at most; then each is closed. */
    private static List<String> read(List<SocketChannel> clients) throws IOException {
        Map<SocketChannel, ByteBuffer> got = new LinkedHashMap<>();
        try (Selector selector = Selector.open()) {
            for (SocketChannel c : clients) {
                got.put(c, ByteBuffer.allocate(64));
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
            }
            long deadline = System.nanoTime() + ANSWER.toNanos();
            int open = clients.size();
            while (open > 0 && System.nanoTime() < deadline) {
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) key.channel();
                    ByteBuffer in = got.get(c);
                    if (!in.hasRemaining() || c.read(in) < 0) {
                        key.cancel();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            clients.forEach(Lab3DemandAccept::closeQuietly);
        }
        return got.values().stream()
                .map(b -> new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII))
                .toList();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // the lab's own client: nothing to report
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
