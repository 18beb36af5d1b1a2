package org.socketlab.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.socketlab.echo.EchoHandler;

/**
 * A one-connection server on loopback for the client's tests: it echoes (RFC 862) or, to test the client's error
 * paths, echoes only the first N bytes and then closes. Failures are rethrown by {@link #close()}.
 */
final class TestServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final CompletableFuture<Long> served = new CompletableFuture<>();

    /** How the server serves its one connection; returns the bytes it sent. */
    private interface Serving {
        long serve(SocketChannel client) throws IOException;
    }

    private TestServer(Serving serving) throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(
                () -> {
                    try (SocketChannel client = listener.accept()) {
                        served.complete(serving.serve(client));
                    } catch (Throwable t) {
                        served.completeExceptionally(t);
                    }
                },
                "test-echo-server");
        thread.start();
    }

    static TestServer echo() throws IOException {
        return new TestServer(client -> new EchoHandler().serve(client, client));
    }

    /** Not an echo server: sends {@code text} at once, then reads and discards until the client's EOF. */
    static TestServer greeting(String text) throws IOException {
        return new TestServer(client -> {
            ByteBuffer greeting = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (greeting.hasRemaining()) {
                client.write(greeting);
            }
            ByteBuffer discard = ByteBuffer.allocate(1024);
            while (client.read(discard.clear()) >= 0) {
                // until the client's FIN
            }
            return greeting.limit();
        });
    }

    /**
     * Reads {@code readFirst} bytes, echoes the first {@code limit} of them, then closes the connection. Having read
     * everything, its close sends a FIN, not a RST.
     */
    static TestServer echoThenClose(long limit, int readFirst) throws IOException {
        return new TestServer(client -> echoSome(client, limit, readFirst));
    }

    private static long echoSome(SocketChannel client, long limit, int readFirst) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(readFirst);
        while (buf.hasRemaining() && client.read(buf) >= 0) {
            // gather the first bytes
        }
        buf.flip().limit((int) limit);
        while (buf.hasRemaining()) {
            client.write(buf);
        }
        return limit;
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    long bytesServed() throws Exception {
        return served.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
