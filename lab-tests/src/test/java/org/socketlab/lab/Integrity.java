package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/** Byte-exact echo checks: pseudo-random bytes out, SHA-256 of what was sent against what came back. */
final class Integrity {

    private Integrity() {}

    /**
     * Sends {@code total} pseudo-random bytes (from {@code seed}) on one connection while reading the echo, then
     * half-closes; asserts that exactly the same bytes came back.
     */
    static void roundTrip(InetSocketAddress server, long total, long seed) throws Exception {
        roundTrip(server, total, seed, received -> {});
    }

    /** The same, telling {@code progress} the bytes received so far after each read. */
    static void roundTrip(InetSocketAddress server, long total, long seed, LongConsumer progress) throws Exception {
        try (SocketChannel client = SocketChannel.open(server)) {
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            CompletableFuture<Void> writer = new CompletableFuture<>();
            Thread writing = new Thread(
                    () -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
                        try {
                            for (long written = 0; written < total; written += chunk.capacity()) {
                                chunk.clear();
                                while (chunk.hasRemaining()) {
                                    chunk.putLong(random.nextLong());
                                }
                                sent.update(chunk.array());
                                chunk.flip();
                                while (chunk.hasRemaining()) {
                                    client.write(chunk);
                                }
                            }
                            client.shutdownOutput(); // FIN while most of the echo is still to come
                            writer.complete(null);
                        } catch (IOException e) {
                            writer.completeExceptionally(new UncheckedIOException(e));
                        }
                    },
                    "integrity-writer");
            writing.setDaemon(true);
            writing.start();
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            ByteBuffer in = ByteBuffer.allocate(64 << 10);
            long got = 0;
            for (int n = client.read(in); n >= 0; n = client.read(in.clear())) {
                received.update(in.array(), 0, n);
                got += n;
                progress.accept(got);
            }
            writer.get();
            assertThat(got).isEqualTo(total);
            assertThat(received.digest()).as("SHA-256 of the echo").isEqualTo(sent.digest());
        }
    }
}
