package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.options.SocketRole;

/**
 * What {@code -v} adds to a listener: each socket's options as the kernel took them (read back with getsockopt)
 * and each connection's TCP_INFO, at debug level; every event also goes to the listener it wraps. A decorator, as
 * the JDK's {@code SimpleFileServer} takes an output filter: the server models only say when a socket is ready.
 */
public final class ReadBacks implements ServerListener {
    private static final Logger LOG = Loggers.of(ReadBacks.class);

    private final ServerListener listener;
    private final ServerConfig config;

    private ReadBacks(ServerListener listener, ServerConfig config) {
        this.listener = listener;
        this.config = config;
    }

    /** {@code listener} with the read-backs when debug logging is on; else {@code listener} itself, at no cost. */
    public static ServerListener around(ServerListener listener, ServerConfig config) {
        return LOG.isDebugEnabled() ? new ReadBacks(listener, config) : listener;
    }

    @Override
    public void listeningSocketReady(NetworkChannel listening) {
        LOG.debug(
                "listening with backlog {}, at most {} connections at once (open-files limit {}), listening socket {}",
                config.sockets().backlog(),
                config.effectiveMaxConnections(),
                Descriptors.describeLimit(),
                SocketConfigurer.readBack(listening, SocketConfigurer.optionsOf(SocketRole.LISTENING), 0));
        listener.listeningSocketReady(listening);
    }

    @Override
    public void acceptedSocketReady(NetworkChannel client, InetSocketAddress peer) {
        LOG.debug(
                "{} accepted socket {}",
                peer,
                SocketConfigurer.readBack(
                        client,
                        SocketConfigurer.optionsOf(SocketRole.ACCEPTED),
                        config.sockets().accepted().readTimeoutMillis()));
        try {
            LOG.debug("{} TCP_INFO {}", peer, NativeSockets.tcpInfo(client));
        } catch (IOException e) {
            LOG.debug("{} TCP_INFO unavailable: {}", peer, e.getMessage());
        }
        listener.acceptedSocketReady(client, peer);
    }

    @Override
    public void listening(InetSocketAddress local) {
        listener.listening(local);
    }

    @Override
    public void accepted(InetSocketAddress peer) {
        listener.accepted(peer);
    }

    @Override
    public void closed(InetSocketAddress peer, long bytesEchoed) {
        listener.closed(peer, bytesEchoed);
    }

    @Override
    public void leftOpen(InetSocketAddress peer, long bytesEchoed) {
        listener.leftOpen(peer, bytesEchoed);
    }

    @Override
    public void failed(InetSocketAddress peer, long bytesEchoed, IOException cause) {
        listener.failed(peer, bytesEchoed, cause);
    }

    @Override
    public void acceptFailed(IOException cause, Duration pause) {
        listener.acceptFailed(cause, pause);
    }

    @Override
    public void acceptStillFailing(long failures, Duration since) {
        listener.acceptStillFailing(failures, since);
    }

    @Override
    public void acceptRecovered(long failures, Duration since) {
        listener.acceptRecovered(failures, since);
    }

    @Override
    public void waitingForDatagrams(InetSocketAddress local) {
        listener.waitingForDatagrams(local);
    }

    @Override
    public void datagramEchoed(InetSocketAddress peer, int received, int echoed) {
        listener.datagramEchoed(peer, received, echoed);
    }

    @Override
    public void datagramFailed(InetSocketAddress peer, IOException cause) {
        listener.datagramFailed(peer, cause);
    }

    @Override
    public void stopped() {
        listener.stopped();
    }
}
