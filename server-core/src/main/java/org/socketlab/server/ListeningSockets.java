package org.socketlab.server;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketConfigurer;

/** The passive socket every server model starts with: socket(), its options, bind() and listen(backlog). */
public final class ListeningSockets {

    private ListeningSockets() {}

    /**
     * Opens a listening socket: IPv4 unless the bind address is IPv6; the listening-socket options (SO_REUSEADDR,
     * TCP_MAXSEG, ...) set before bind and listen.
     *
     * @throws java.net.BindException if the address is in use or cannot be bound
     * @throws org.socketlab.options.SocketOptionException if the kernel refuses an option
     */
    public static ServerSocketChannel open(ServerConfig config) throws IOException {
        initialiseSocketIo();
        InetAddress bind = config.bindAddress().orElse(null);
        ServerSocketChannel channel = ServerSocketChannel.open(
                bind instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            SocketConfigurer.apply(config.sockets().listening(), channel);
            channel.bind(
                    new InetSocketAddress(bind, config.port()), config.sockets().backlog());
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * One loopback round trip, so that the JDK's socket I/O is set up now, while descriptors are free: its first
     * read or write opens a socket pair ({@code sun.nio.ch.FileDispatcherImpl}), and fails for good if that first
     * time comes when every descriptor is in use (no socket of the JVM could be read or written again).
     */
    static void initialiseSocketIo() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(loopback, 1);
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            client.write(ByteBuffer.wrap(new byte[] {'.'}));
            accepted.read(ByteBuffer.allocate(1));
        }
    }

    /** {@link #explainBindFailure(ServerConfig, BindException, Switches)} naming no switch: the facts alone. */
    public static String explainBindFailure(ServerConfig config, BindException e) {
        return explainBindFailure(config, e, Switches.NONE);
    }

    /**
     * One line for a failed bind: what happened, why (a server listening there, connections of an earlier one in
     * TIME_WAIT, a port below 1024, an address not of this machine) and what to do.
     *
     * @param switches the program's switches the advice may name; {@link Switches#NONE} for the facts alone
     */
    public static String explainBindFailure(ServerConfig config, BindException e, Switches switches) {
        int port = config.port();
        String message = String.valueOf(e.getMessage());
        if (message.contains("in use")) {
            boolean reuseAddress = Boolean.TRUE.equals(
                    config.sockets().listening().get(SockOpt.SO_REUSEADDR).orElse(false));
            return BindFailure.advice(
                    port, config.bindAddress(), reuseAddress, BindFailure.socketsOnPort(port), switches);
        }
        if (message.contains("ermission")) {
            return "cannot listen on port " + port + ": Permission denied: ports below 1024 need root; "
                    + "choose a port from 1024 to 65535";
        }
        if (message.contains("assign")) {
            return "cannot listen on "
                    + config.bindAddress().map(InetAddress::getHostAddress).orElse("*") + " port " + port
                    + ": Cannot assign requested address: "
                    + switches.of(Switches.Setting.BIND_ADDRESS)
                            .map(bind -> bind + " must be an address of this machine")
                            .orElse("not an address of this machine");
        }
        return "cannot listen on port " + port + ": " + message;
    }
}
