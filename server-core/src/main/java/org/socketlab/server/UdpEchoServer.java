package org.socketlab.server;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketConfigurer;

/**
 * The sequential UDP echo server (RFC 862 over UDP): one datagram socket, and forever receive a datagram, send it
 * back to its sender, receive the next. No listen(), no accept(), no connection: every client is served by the one
 * socket, one datagram at a time, and nothing waits in an accept queue.
 *
 * <pre>
 *   socket(AF_INET, SOCK_DGRAM), setsockopt(), bind()    start()
 *   forever: recvfrom()  -> the datagram and its sender  run()
 *            sendto(sender)                              run()
 * </pre>
 *
 * <p>Life cycle as every model's ({@link AbstractServer}): {@link #start()} binds, {@link #run()} serves on the
 * calling thread until {@link #close()}.
 */
public final class UdpEchoServer extends AbstractServer {
    /** The largest UDP payload: 65,535 less the 8-byte UDP header (less the IPv4 header: 65,507 over IPv4). */
    public static final int MAX_DATAGRAM = 65_527;

    private final ServerConfig config;
    private final Map<SockOpt, Object> options;
    private final int bufferSize;
    private DatagramChannel channel;

    /**
     * @param config the address and port to bind (backlog and accepted-socket settings mean nothing to UDP)
     * @param options the socket options to set before bind (SO_RCVBUF, SO_SNDBUF, SO_REUSEADDR, IP_TOS)
     * @param bufferSize the bytes of each datagram that are echoed, as a recv(2) into a buffer of that size keeps
     *     them; {@link #MAX_DATAGRAM} keeps every datagram whole
     */
    public UdpEchoServer(ServerConfig config, Map<SockOpt, Object> options, int bufferSize, ServerListener listener) {
        super(listener);
        if (bufferSize < 1 || bufferSize > MAX_DATAGRAM) {
            throw new IllegalArgumentException("bad buffer size " + bufferSize + ": expected 1 to " + MAX_DATAGRAM
                    + " bytes (the largest UDP datagram)");
        }
        this.config = config;
        this.options = Map.copyOf(options);
        this.bufferSize = bufferSize;
    }

    /**
     * socket(), the options, bind().
     *
     * @throws IOException if bind() fails; EADDRINUSE as a plain IOException saying that another UDP socket holds
     *     the port, since a TCP listener's explanations (TIME_WAIT, SO_REUSEADDR on a listening port) do not apply
     */
    @Override
    protected InetSocketAddress open() throws IOException {
        InetAddress bind = config.bindAddress().orElse(null);
        DatagramChannel opened = DatagramChannel.open(
                bind instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            for (Map.Entry<SockOpt, Object> option : options.entrySet()) {
                SocketConfigurer.set(opened, option.getKey(), option.getValue());
            }
            opened.bind(new InetSocketAddress(bind, config.port()));
        } catch (BindException e) {
            opened.close();
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw portTaken(config.port());
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
        InetSocketAddress local = (InetSocketAddress) opened.getLocalAddress();
        listener.waitingForDatagrams(local);
        return local;
    }

    private static IOException portTaken(int port) {
        return new IOException("Address already in use: another socket is bound to UDP port " + port + " (ss -ulnp"
                + " 'sport = :" + port + "' names it); stop that program or choose another port");
    }

    /** Receives a datagram, sends it back, and again, until {@link #close()}; a failed datagram is reported. */
    @Override
    protected void serve() {
        DatagramChannel socket = channel;
        // Room for the largest datagram, so that the server can say how much a smaller buffer cut off (in C,
        // recvfrom() with MSG_TRUNC returns the datagram's real length).
        ByteBuffer datagram = ByteBuffer.allocate(MAX_DATAGRAM);
        while (socket.isOpen()) {
            datagram.clear();
            InetSocketAddress sender = null;
            try {
                sender = (InetSocketAddress) socket.receive(datagram); // recvfrom()
                datagram.flip();
                int received = datagram.remaining();
                datagram.limit(Math.min(received, bufferSize)); // what a recv() into bufferSize bytes keeps
                int echoed = socket.send(datagram, sender); // sendto(): one datagram back, whole or not at all
                listener.datagramEchoed(sender, received, echoed);
            } catch (ClosedChannelException e) {
                return; // close(): the loop ends
            } catch (IOException e) {
                listener.datagramFailed(sender, e); // this datagram only; the server goes on
            }
        }
    }

    /** UDP has no connections: always 0. */
    @Override
    public int liveConnections() {
        return 0;
    }

    /** Closes the socket: a blocked receive returns and {@link #run()} ends. */
    @Override
    protected void shutDown(boolean running) {
        Quietly.close(channel);
    }
}
