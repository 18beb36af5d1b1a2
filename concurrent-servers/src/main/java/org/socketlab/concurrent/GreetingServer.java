package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.LabMessages;
import org.socketlab.server.Loggers;
import org.socketlab.server.ServerConfig;

/**
 * The signal-driven demo of the I/O lab (demand-accept.c) done with completion handlers: each connection gets
 * {@code hello\ngoodbye!\n\n} and is closed. The next accept is issued before a connection is greeted, so a burst
 * of connections is greeted whole, where the C version, one accept per SIGIO, loses those that arrive together.
 */
public final class GreetingServer extends AbstractServer {
    private static final Logger LOG = Loggers.of(GreetingServer.class);
    /** What demand-accept.c sends. */
    public static final String GREETING = "hello\ngoodbye!\n\n";

    private final ServerConfig config;
    private final LabMessages messages;
    private final AtomicInteger live = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private AsynchronousServerSocketChannel listening;

    public GreetingServer(ServerConfig config, LabMessages messages) {
        super(messages);
        this.config = config;
        this.messages = messages;
    }

    @Override
    protected InetSocketAddress open() throws IOException {
        InetAddress bind = config.bindAddress().orElse(bindAll());
        AsynchronousServerSocketChannel channel = AsynchronousServerSocketChannel.open();
        try {
            SocketConfigurer.apply(config.sockets().listening(), channel);
            channel.bind(
                    new InetSocketAddress(bind, config.port()), config.sockets().backlog());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        listening = channel;
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        messages.listening(local);
        return local;
    }

    private static InetAddress bindAll() {
        try {
            return InetAddress.getByName("0.0.0.0");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues the first accept and waits until {@link #close()}; the JDK's threads do the rest. */
    @Override
    protected void serve() {
        AsynchronousServerSocketChannel channel = listening;
        channel.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel client, Void unused) {
                acceptFailures.succeeded();
                channel.accept(null, this); // the next accept first: a burst is not lost
                greet(client);
            }

            @Override
            public void failed(Throwable e, Void unused) {
                if (channel.isOpen()) {
                    // not at once: the same failure would come back at once
                    acceptFailures.pauseAfter(new IOException(e.getMessage(), e));
                    channel.accept(null, this);
                }
            }
        });
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void greet(AsynchronousSocketChannel client) {
        InetSocketAddress peer;
        try {
            peer = (InetSocketAddress) client.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        live.incrementAndGet();
        messages.accepted(peer);
        try {
            SocketConfigurer.apply(config.sockets().accepted(), client);
        } catch (IOException e) {
            closeQuietly(client);
            live.decrementAndGet();
            messages.failed(peer, 0, e);
            return;
        }
        ByteBuffer greeting = ByteBuffer.wrap(GREETING.getBytes(StandardCharsets.US_ASCII));
        client.write(greeting, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer written, Void unused) {
                if (greeting.hasRemaining()) {
                    client.write(greeting, null, this);
                    return;
                }
                closeQuietly(client);
                live.decrementAndGet();
                messages.sentAndClosed(peer, greeting.limit());
            }

            @Override
            public void failed(Throwable e, Void unused) {
                closeQuietly(client);
                live.decrementAndGet();
                messages.failed(peer, greeting.position(), new IOException(e.getMessage(), e));
            }
        });
    }

    private static void closeQuietly(AsynchronousSocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // the connection is over either way
        }
    }

    @Override
    public int liveConnections() {
        return live.get();
    }

    @Override
    protected void shutDown(boolean running) {
        try {
            listening.close();
        } catch (IOException e) {
            LOG.warn("closing the listening socket failed: {}", e.getMessage());
        }
        closed.countDown();
    }
}
