package org.socketlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The lab's scenarios against a running echo server, each a method that returns if the server behaves and throws an
 * {@link AssertionError} saying what was expected and what was observed. Clients connect to loopback; every wait is
 * bounded (10 s for something to happen, 500 ms for something not to, 1 s for a crowd's next client to be served).
 */
public final class EchoScenarios {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration QUIET = Duration.ofMillis(500);
    /** How long a client of a crowd waits for its echo before the server counts as full. */
    static final Duration FULL = Duration.ofSeconds(1);

    private static final int[] WRITE_SIZES = {1, 7, 1000, 65536};

    private EchoScenarios() {}

    /**
     * Every byte value, then 1 MiB of random bytes, written in writes of 1, 7, 1000 and 65536 bytes while the echo is
     * read: the echo must be the same bytes in the same order.
     */
    public static void echoesBinaryByteExact(InetSocketAddress server) throws IOException {
        byte[] payload = new byte[256 + (1 << 20)];
        for (int i = 0; i < 256; i++) {
            payload[i] = (byte) i;
        }
        byte[] random = new byte[1 << 20];
        new Random(42).nextBytes(random);
        System.arraycopy(random, 0, payload, 256, random.length);
        try (Socket client = connect(server, "the binary client")) {
            CompletableFuture<Void> writing = writeInPieces(client, payload);
            expectEcho(client, payload, "the echo of " + payload.length + " bytes (every byte value, then random)");
            writing.join();
        }
    }

    /**
     * Clients that overlap are served as declared: for one at a time, a second client's line comes back only once
     * the first closed; for N at once, N clients each get their echo while all are connected.
     */
    public static void servesAsDeclared(InetSocketAddress server, Expectation expectation) throws IOException {
        if (expectation.isSequential()) {
            try (Socket a = connect(server, "client A");
                    Socket b = connect(server, "client B")) {
                echoLine(a, "A", "client A");
                send(b, "B\n");
                if (arrivesWithin(b, QUIET)) {
                    throw new AssertionError("expected client B to wait while client A is served (" + expectation
                            + "); observed: B's line came back while A was still connected");
                }
                a.shutdownOutput(); // A's EOF: the server closes A and accepts B
                expectEcho(b, bytes("B\n"), "client B's echo once client A sent its EOF");
            }
            return;
        }
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 1; i <= expectation.clients(); i++) {
                Socket client = connect(server, "client " + i);
                clients.add(client);
                echoLine(
                        client,
                        "client " + i,
                        "client " + i + " while " + (i - 1) + " other clients are connected (" + expectation + ")");
            }
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    /** The client sends a line and its FIN (shutdown(SHUT_WR)): the echo comes back, then the server's FIN. */
    public static void halfCloseEndsWithTheServersFin(InetSocketAddress server) throws IOException {
        try (Socket client = connect(server, "the half-closing client")) {
            send(client, "half-closed\n");
            client.shutdownOutput();
            expectEcho(client, bytes("half-closed\n"), "the echo of the line sent before the client's FIN");
            expectFin(client, "the server's FIN after the client's FIN (read() returning -1: the server closed)");
        }
    }

    /** A client that resets (SO_LINGER 0, then close) costs the server that connection only: the next is served. */
    public static void goesOnAfterAClientResets(InetSocketAddress server) throws IOException {
        try (Socket resetting = connect(server, "the resetting client")) {
            echoLine(resetting, "about to reset", "the resetting client");
            resetting.setSoLinger(true, 0);
        } // RST
        try (Socket next = connect(server, "the client after the reset")) {
            echoLine(next, "after the reset", "the next client, after one reset");
        }
    }

    /** Idle clients (connected, sending nothing) do not keep a concurrent server from echoing another one. */
    public static void idleClientsDoNotStallAnother(InetSocketAddress server, Expectation expectation)
            throws IOException {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 1; i < expectation.clients(); i++) {
                idle.add(connect(server, "idle client " + i));
            }
            try (Socket active = connect(server, "the active client")) {
                echoLine(
                        active,
                        "not stalled",
                        "the active client's echo while " + idle.size() + " idle clients are connected");
            }
        } finally {
            for (Socket client : idle) {
                client.close();
            }
        }
    }

    /**
     * A slow reader (8 MiB sent before it reads anything back) gets every byte in the end; a concurrent server echoes
     * another client in the meantime.
     */
    public static void aSlowReaderGetsEveryByte(InetSocketAddress server, Expectation expectation) throws IOException {
        byte[] payload = new byte[8 << 20];
        new Random(7).nextBytes(payload);
        try (Socket slow = connect(server, "the slow reader")) {
            CompletableFuture<Void> writing = writeInPieces(slow, payload);
            if (!expectation.isSequential()) {
                // The slow reader's buffers fill up within the first few hundred KiB: the server now waits on it.
                try (Socket other = connect(server, "a client beside the slow reader")) {
                    echoLine(other, "beside", "another client's echo while a slow reader is not reading");
                }
            }
            expectEcho(slow, payload, "the slow reader's " + payload.length + " bytes, byte for byte");
            writing.join();
        }
    }

    /**
     * More clients at once than the server has descriptors ({@code crowd} clients, against a server under a lower
     * open-files limit), each sending one byte and holding its connection. accept() then fails with EMFILE, and the
     * clients it could not take wait in the backlog. The server must go on running, echo again on every connection
     * it took, and, once the crowd has left, serve a new client.
     */
    public static void outlivesItsDescriptors(ServerUnderTest server, int crowd) throws IOException {
        String crowdOf = "a crowd of " + crowd + " clients";
        try (Crowd clients = Crowd.arrive(server.address(), crowd, FULL)) {
            List<Crowd.Client> echoed = clients.settle(QUIET, WAIT);
            expectRunning(
                    server,
                    "to go on running while " + crowdOf + " held more connections than it has" + " descriptors");
            if (echoed.isEmpty()) {
                throw new AssertionError("expected the server to echo the clients it accepted while " + crowdOf
                        + " connected; observed: no byte came back within " + WAIT.toSeconds() + " s"
                        + failuresOf(clients));
            }
            int again = clients.echoAgain(echoed, WAIT);
            if (again < echoed.size()) {
                expectRunning(server, "to go on running while " + crowdOf + " held its connections");
                throw new AssertionError("expected each of the " + echoed.size() + " connections the server had"
                        + " taken to echo again while the rest of " + crowdOf + " waited; observed: "
                        + again + " did within " + WAIT.toSeconds() + " s" + failuresOf(clients));
            }
        }
        expectRunning(server, "to go on running once " + crowdOf + " had left");
        String next = "a client after " + crowdOf + " had left";
        try (Socket client = connect(server.address(), next)) {
            echoLine(client, "served again", next + " (the server must accept again once descriptors are free)");
        }
    }

    private static void expectRunning(ServerUnderTest server, String what) {
        if (!server.isRunning()) {
            throw new AssertionError("expected the server " + what + "; observed: " + server.howItEnded());
        }
    }

    private static String failuresOf(Crowd clients) {
        String failures = clients.failures();
        return failures.isEmpty() ? "" : " (of " + clients.size() + " clients: " + failures + ")";
    }

    /** A client still connected when the server is closed sees its connection end (FIN or RST). */
    public static Socket connectedClient(InetSocketAddress server) throws IOException {
        Socket client = connect(server, "the client connected at close");
        echoLine(client, "connected", "the client connected at close");
        return client;
    }

    /** After {@link ServerUnderTest#close()}: the connection of {@link #connectedClient} has ended. */
    public static void connectionEndedByClose(Socket client) throws IOException {
        try (client) {
            client.setSoTimeout((int) WAIT.toMillis());
            if (client.getInputStream().read() != -1) {
                throw new AssertionError("expected the open connection to end when the server was closed; observed:"
                        + " a byte came from the server");
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("expected the open connection to end when the server was closed; observed: it"
                    + " was still open " + WAIT.toSeconds() + " s later (the server left the active socket open)");
        } catch (IOException reset) {
            // a RST ends it too
        }
    }

    private static Socket connect(InetSocketAddress server, String who) throws IOException {
        Socket client = new Socket();
        try {
            client.connect(server, (int) WAIT.toMillis());
        } catch (IOException e) {
            client.close();
            throw new AssertionError(
                    "expected " + who + " to connect to port " + server.getPort() + "; observed: " + e.getMessage(), e);
        }
        return client;
    }

    private static void send(Socket client, String text) throws IOException {
        client.getOutputStream().write(bytes(text));
    }

    private static void echoLine(Socket client, String line, String what) throws IOException {
        send(client, line + "\n");
        expectEcho(client, bytes(line + "\n"), what);
    }

    private static CompletableFuture<Void> writeInPieces(Socket client, byte[] payload) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = client.getOutputStream();
                int offset = 0;
                for (int i = 0; offset < payload.length; i++) {
                    int size = Math.min(WRITE_SIZES[i % WRITE_SIZES.length], payload.length - offset);
                    out.write(payload, offset, size);
                    offset += size;
                }
            } catch (IOException e) {
                // the reading side reports what the server did
            }
        });
    }

    /** Reads exactly {@code expected.length} bytes, comparing as they come. */
    private static void expectEcho(Socket client, byte[] expected, String what) throws IOException {
        client.setSoTimeout((int) WAIT.toMillis());
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        int got = 0;
        while (got < expected.length) {
            int n;
            try {
                n = in.read(buffer, 0, Math.min(buffer.length, expected.length - got));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("expected " + what + "; observed: " + got + " of " + expected.length
                        + " bytes came back, then nothing for " + WAIT.toSeconds() + " s");
            } catch (IOException e) {
                throw new AssertionError("expected " + what + "; observed: " + got + " of " + expected.length
                        + " bytes came back, then " + e.getMessage());
            }
            if (n < 0) {
                throw new AssertionError("expected " + what + "; observed: " + got + " of " + expected.length
                        + " bytes came back, then the server closed the connection");
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] != expected[got + i]) {
                    throw new AssertionError(String.format(
                            "expected %s; observed: byte %d is 0x%02x where 0x%02x was sent",
                            what, got + i, buffer[i], expected[got + i]));
                }
            }
            got += n;
        }
    }

    private static void expectFin(Socket client, String what) throws IOException {
        client.setSoTimeout((int) WAIT.toMillis());
        try {
            int next = client.getInputStream().read();
            if (next != -1) {
                throw new AssertionError(
                        String.format("expected %s; observed: a byte more, 0x%02x, instead of the FIN", what, next));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("expected " + what + "; observed: the connection stayed open " + WAIT.toSeconds()
                    + " s after the client's FIN (the server never closed its socket)");
        }
    }

    /** Whether a byte arrives within {@code quiet} (one that does is consumed: it came too early anyway). */
    private static boolean arrivesWithin(Socket client, Duration quiet) throws IOException {
        client.setSoTimeout((int) quiet.toMillis());
        try {
            return client.getInputStream().read() != -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
