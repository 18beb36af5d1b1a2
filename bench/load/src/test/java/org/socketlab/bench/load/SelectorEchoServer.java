package org.socketlab.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.LongPredicate;

/**
 * A one-thread echo server for the tests, so that thousands of connections cost the test JVM no thread each.
 * {@code corrupt} picks stream offsets whose byte is echoed altered, to prove the load generator checks bytes.
 */
final class SelectorEchoServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final LongPredicate corrupt;

    SelectorEchoServer(LongPredicate corrupt) throws IOException {
        this.corrupt = corrupt;
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        listener.configureBlocking(false);
        selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::serve, "selector-echo-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (selector.isOpen()) {
                selector.select(key -> {
                    try {
                        if (key.isAcceptable()) {
                            SocketChannel c = listener.accept();
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, new long[1]);
                        } else {
                            echo((SocketChannel) key.channel(), (long[]) key.attachment(), buffer);
                        }
                    } catch (IOException e) {
                        key.cancel();
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            // the selector was closed: the test is over
        }
    }

    /** Echoes what is readable, blocking-free for the small messages of the tests; {@code offset[0]} counts bytes. */
    private void echo(SocketChannel c, long[] offset, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = c.read(buffer);
        if (n < 0) {
            c.close();
            return;
        }
        for (int i = 0; i < n; i++) {
            if (corrupt.test(offset[0] + i)) {
                buffer.put(i, (byte) (buffer.get(i) + 1));
            }
        }
        offset[0] += n;
        buffer.flip();
        while (buffer.hasRemaining()) {
            c.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        listener.close();
    }
}
