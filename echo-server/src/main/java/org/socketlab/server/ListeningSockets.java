package org.socketlab.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import org.socketlab.options.SocketConfigurer;

/** The passive socket every server model starts with: socket(), its options, bind() and listen(backlog). */
public final class ListeningSockets {

    private ListeningSockets() {
    }

    /**
     * Opens a listening socket: IPv4 unless the bind address is IPv6; the listening-socket options (SO_REUSEADDR,
     * TCP_MAXSEG, ...) set before bind and listen.
     *
     * @throws java.net.BindException if the address is in use or cannot be bound
     * @throws org.socketlab.options.SocketOptionException if the kernel refuses an option
     */
    public static ServerSocketChannel open(ServerConfig config) throws IOException {
        InetAddress bind = config.bindAddress().orElse(null);
        ServerSocketChannel channel = ServerSocketChannel.open(
                bind instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            SocketConfigurer.apply(config.sockets().listening(), channel);
            channel.bind(new InetSocketAddress(bind, config.port()), config.sockets().backlog());
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@link #open} and tell the listener where the server listens (the lab's waiting line). */
    public static ServerSocketChannel listen(ServerConfig config, ServerListener listener) throws IOException {
        ServerSocketChannel channel = open(config);
        listener.listening((InetSocketAddress) channel.getLocalAddress());
        return channel;
    }
}
