package org.socketlab.tftp;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link TftpServer} on port 0, its loop on a named thread, its lines collected; close() rethrows its failure. */
final class RunningTftp implements AutoCloseable {
    final TftpServer server;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private final CompletableFuture<Void> loop = new CompletableFuture<>();

    RunningTftp(TftpConfig config) throws IOException {
        server = new TftpServer(config, new TftpMessages(new PrintStream(lines, true, StandardCharsets.UTF_8)));
        server.start();
        Thread thread = new Thread(
                () -> {
                    try {
                        server.run();
                        loop.complete(null);
                    } catch (Throwable t) {
                        loop.completeExceptionally(t);
                    }
                },
                "tftp-server-" + server.port());
        thread.start();
    }

    int port() {
        return server.port();
    }

    List<String> lines() {
        return lines.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Waits for a line containing {@code text}; returns it. */
    String awaitLine(String text) {
        return await("a server line containing '" + text + "'")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(
                        () -> lines().stream()
                                .filter(l -> l.contains(text))
                                .findFirst()
                                .orElse(null),
                        l -> l != null);
    }

    /** Stops the server and rethrows, on the test's thread, what failed in its loop. */
    @Override
    public void close() throws ExecutionException, TimeoutException {
        server.close();
        try {
            loop.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
