package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.Connections;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread per connection: the accept loop hands each connection to a new thread (platform or virtual) that runs
 * the echo handler and ends with it. Finished connections leave the registry at once, as the C server's SIGCHLD
 * reaper removes finished children; {@link #liveConnections()} counts what is left.
 */
public final class ThreadPerConnectionServer implements ServerModel {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadPerConnectionServer.class);

    private final ServerConfig config;
    private final LabMessages messages;
    private final ThreadFactory threads;
    private final Set<SocketChannel> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final SharedListener listener;

    /**
     * @param threads makes the thread of each connection: platform threads for {@link Model#THREAD}, virtual ones
     *     for {@link Model#VIRTUAL}
     */
    public ThreadPerConnectionServer(ServerConfig config, LabMessages messages, ThreadFactory threads) {
        this.config = config;
        this.messages = messages;
        this.threads = threads;
        this.listener = new SharedListener(config, messages, true);
    }

    @Override
    public InetSocketAddress start() throws IOException {
        return listener.open();
    }

    @Override
    public void run() {
        ServerSocketChannel channel = listener.channel();
        try {
            SocketChannel accepted;
            while ((accepted = Connections.accept(channel, messages)) != null) {
                SocketChannel client = accepted;
                live.add(client);
                long id = ids.incrementAndGet();
                Thread worker = threads.newThread(() -> {
                    try {
                        Connections.serve(client, config.sockets().accepted(), new EchoHandler(),
                                messages.forWorker(String.valueOf(id)), channel::isOpen, true);
                    } finally {
                        live.remove(client); // the reaper's job: nothing of a finished connection stays behind
                        LOG.debug("connection {} done, {} live", id, live.size());
                    }
                });
                worker.setName("connection-" + id);
                worker.start();
                LOG.debug("connection {} started, {} live", id, live.size());
            }
        } finally {
            messages.stopped();
        }
    }

    @Override
    public int liveConnections() {
        return live.size();
    }

    @Override
    public void close() {
        listener.close();
        live.forEach(Connections::closeQuietly); // each connection's thread then ends on its own
    }
}
