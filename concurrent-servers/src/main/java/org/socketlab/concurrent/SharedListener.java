package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.socketlab.server.Connections;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;

/**
 * The one listening socket the threads of a concurrent model share: socket, options, bind and listen at the first
 * {@link #open()} (which prints the lab's waiting line), the same socket at later calls, closed by
 * {@link #close()}. Thread-safe.
 */
final class SharedListener {
    private final ServerConfig config;
    private final LabMessages messages;
    private final boolean blocking;
    private volatile ServerSocketChannel channel;

    /**
     * @param blocking true for models whose threads block in accept(), false for selector models
     */
    SharedListener(ServerConfig config, LabMessages messages, boolean blocking) {
        this.config = config;
        this.messages = messages;
        this.blocking = blocking;
    }

    /** Listens, once; returns the address listened on. */
    synchronized InetSocketAddress open() throws IOException {
        if (channel == null) {
            ServerSocketChannel opened = ListeningSockets.listen(config, messages);
            try {
                opened.configureBlocking(blocking);
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            channel = opened;
        }
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * The listening socket.
     *
     * @throws IllegalStateException before {@link #open()}: a model's run() needs its start() first
     */
    ServerSocketChannel channel() {
        ServerSocketChannel opened = channel;
        if (opened == null) {
            throw new IllegalStateException("run() before start()");
        }
        return opened;
    }

    /** Closes the listening socket, if open: threads blocked in accept() return. */
    void close() {
        ServerSocketChannel opened = channel;
        if (opened != null) {
            Connections.closeQuietly(opened);
        }
    }
}
