package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.Connections;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;

/**
 * A pool of servers started in advance: N threads, each a sequential server on the one shared listening socket
 * (the JDK lets one of them at a time block in accept). With all N busy, further clients wait in the backlog,
 * handshake done, until a worker is free: the lab's observation.
 */
public final class PoolServer implements ServerModel {
    private final ServerConfig config;
    private final LabMessages messages;
    private final int workers;
    private final AtomicInteger live = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final List<SocketChannel> serving = new ArrayList<>();
    private final SharedListener listener;

    public PoolServer(ServerConfig config, LabMessages messages, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("bad --workers " + workers + ": expected at least 1");
        }
        this.config = config;
        this.messages = messages;
        this.workers = workers;
        this.listener = new SharedListener(config, messages, true);
    }

    @Override
    public InetSocketAddress start() throws IOException {
        return listener.open();
    }

    /** Starts the N workers and waits for them to end (at {@link #close()}). */
    @Override
    public void run() {
        ServerSocketChannel channel = listener.channel();
        synchronized (this) {
            for (int i = 1; i <= workers; i++) {
                String label = String.valueOf(i);
                Thread t = new Thread(() -> serveForever(channel, messages.forWorker(label)), "pool-worker-" + i);
                threads.add(t);
                t.start();
            }
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            messages.stopped();
        }
    }

    private void serveForever(ServerSocketChannel channel, LabMessages worker) {
        EchoHandler handler = new EchoHandler();
        SocketChannel client;
        while ((client = Connections.accept(channel, worker)) != null) {
            synchronized (this) {
                serving.add(client);
            }
            live.incrementAndGet();
            try {
                Connections.serve(client, config.sockets().accepted(), handler, worker, channel::isOpen, true);
            } finally {
                live.decrementAndGet();
                synchronized (this) {
                    serving.remove(client);
                }
            }
        }
    }

    @Override
    public int liveConnections() {
        return live.get();
    }

    @Override
    public synchronized void close() {
        listener.close();
        serving.forEach(Connections::closeQuietly);
    }
}
