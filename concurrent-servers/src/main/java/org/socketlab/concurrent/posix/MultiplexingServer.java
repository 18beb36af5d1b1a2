package org.socketlab.concurrent.posix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.EchoSession;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.AcceptFailures;
import org.socketlab.server.Connections;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;

/**
 * The echo server of the I/O lab as C writes it: one thread, every socket non-blocking, and one loop that lists
 * the descriptors it cares about, sleeps in select(2) or poll(2) until one is ready, and then accepts, reads and
 * writes only what will not block. The JDK's {@code Selector} (epoll on Linux) is not used anywhere.
 *
 * <p>{@link #select} refuses a connection whose descriptor does not fit in an {@code fd_set} (FD_SETSIZE, 1,024),
 * in one line, and serves the others; {@link #poll} has no such limit. The server wakes from its system call for
 * {@link #close()} through a pipe it also watches (the self-pipe trick).
 */
public final class MultiplexingServer implements ServerModel {
    private static final int SESSION_BUFFER = 64 * 1024;

    private final ServerConfig config;
    private final LabMessages messages;
    private final Readiness readiness;
    private final int maxConnections;
    private final IntConsumer connectedCount;
    private final AcceptFailures acceptFailures;
    private final Map<Integer, Client> clients = new LinkedHashMap<>();
    private volatile int live;
    private ServerSocketChannel listening;
    private Pipe wakeUp;
    private boolean running;
    private boolean closed;

    private MultiplexingServer(
            ServerConfig config,
            LabMessages messages,
            Readiness readiness,
            int maxConnections,
            IntConsumer connectedCount,
            ServerSocketChannel inherited) {
        this.config = config;
        this.messages = messages;
        this.readiness = readiness;
        this.maxConnections = maxConnections;
        this.connectedCount = connectedCount;
        this.acceptFailures = new AcceptFailures(messages);
        this.listening = inherited;
    }

    /** The select(2) echo server, serving at most the configured number of connections. */
    public static MultiplexingServer select(ServerConfig config, LabMessages messages) {
        return new MultiplexingServer(
                config, messages, new SelectCall(), config.effectiveMaxConnections(), n -> {}, null);
    }

    /** The poll(2) echo server, serving at most the configured number of connections. */
    public static MultiplexingServer poll(ServerConfig config, LabMessages messages) {
        return new MultiplexingServer(
                config, messages, new PollCall(), config.effectiveMaxConnections(), n -> {}, null);
    }

    /**
     * One of smart-select's processes: select(2) over a listening socket it was handed and at most {@code
     * maxConnections} clients; {@code connectedCount} hears the number of clients after each connect and disconnect.
     */
    static MultiplexingServer selectProcess(
            ServerSocketChannel inherited,
            ServerConfig config,
            LabMessages messages,
            int maxConnections,
            IntConsumer connectedCount) {
        return new MultiplexingServer(config, messages, new SelectCall(), maxConnections, connectedCount, inherited);
    }

    @Override
    public synchronized InetSocketAddress start() throws IOException {
        if (closed) {
            throw new IllegalStateException("start() after close()");
        }
        if (wakeUp == null) {
            ServerSocketChannel channel = listening != null ? listening : ListeningSockets.open(config);
            try {
                channel.configureBlocking(false); // accept() says "none" instead of blocking
                wakeUp = Pipe.open();
                wakeUp.source().configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            listening = channel;
            messages.listening((InetSocketAddress) channel.getLocalAddress());
        }
        return (InetSocketAddress) listening.getLocalAddress();
    }

    /** The loop: watch, sleep in the system call, then accept, read and write what is ready; until close(). */
    @Override
    public void run() {
        synchronized (this) {
            if (wakeUp == null) {
                throw new IllegalStateException("run() before start()");
            }
            if (closed) {
                return;
            }
            running = true;
        }
        int listenFd = NativeSockets.fileDescriptor(listening);
        int wakeFd = NativeSockets.fileDescriptor(wakeUp.source());
        long acceptPausedUntil = 0; // after accept() failed (EMFILE): System.nanoTime() to watch the listener again
        try {
            while (true) {
                readiness.clear();
                long pause = acceptPausedUntil - System.nanoTime();
                boolean accepting = clients.size() < maxConnections && pause <= 0; // full: sleep, do not spin
                int listenTicket = accepting ? readiness.watch(listenFd, true, false) : -1;
                int wakeTicket = readiness.watch(wakeFd, true, false);
                List<Client> watched = new ArrayList<>(clients.size());
                for (Client c : clients.values()) {
                    c.ticket = readiness.watch(c.fd, c.session.wantsRead(), c.session.wantsWrite());
                    watched.add(c);
                }
                readiness.await(pause > 0 ? Math.max(1, pause / 1_000_000) : -1);
                if (readiness.readable(wakeTicket)) {
                    return; // close()
                }
                if (accepting && readiness.readable(listenTicket)) {
                    Duration failed = acceptWaiting();
                    if (failed != null) {
                        acceptPausedUntil = System.nanoTime() + failed.toNanos();
                    }
                }
                for (Client c : watched) {
                    serve(c, readiness.readable(c.ticket), readiness.writable(c.ticket));
                }
            }
        } finally {
            closeEverything();
        }
    }

    /**
     * Accepts every connection waiting, up to the limit; null, or how long to stop accepting after a failure. With
     * a listening socket shared by several processes, another may have taken the connection: accept() says none.
     */
    private Duration acceptWaiting() {
        while (clients.size() < maxConnections) {
            SocketChannel channel;
            try {
                channel = listening.accept();
            } catch (IOException e) {
                return acceptFailures.failed(e); // EMFILE: the connection stays queued; pause, or it would spin
            }
            if (channel == null) {
                return null; // none left (EAGAIN)
            }
            acceptFailures.succeeded();
            admit(channel);
        }
        return null;
    }

    private void admit(SocketChannel channel) {
        InetSocketAddress peer = null;
        try {
            peer = (InetSocketAddress) channel.getRemoteAddress();
            int fd = NativeSockets.fileDescriptor(channel);
            Optional<String> refusal = readiness.cannotWatch(fd);
            if (refusal.isPresent()) {
                Connections.closeQuietly(channel);
                messages.refused(peer, refusal.get());
                return;
            }
            messages.accepted(peer);
            channel.configureBlocking(false);
            SocketConfigurer.apply(config.sockets().accepted(), channel);
            clients.put(fd, new Client(fd, channel, peer, new EchoSession(SESSION_BUFFER)));
            live = clients.size();
            connectedCount.accept(clients.size());
        } catch (IOException e) {
            Connections.closeQuietly(channel);
            messages.failed(peer, 0, e);
        }
    }

    /** Reads what is there, writes what is pending; ends the connection at EOF or on a failure. */
    private void serve(Client c, boolean readable, boolean writable) {
        try {
            if (readable && c.session.wantsRead()) {
                c.session.onReadable(c.channel);
            }
            if (writable || c.session.wantsWrite()) {
                c.session.onWritable(c.channel);
            }
            if (c.session.finished()) {
                end(c);
                messages.closed(c.peer, c.session.bytesEchoed());
            }
        } catch (ConnectionFailedException e) {
            end(c);
            messages.failed(c.peer, e.bytesServed(), e.getCause());
        }
    }

    private void end(Client c) {
        Connections.closeQuietly(c.channel);
        clients.remove(c.fd);
        live = clients.size();
        connectedCount.accept(clients.size());
    }

    private synchronized void closeEverything() {
        running = false;
        closed = true;
        acceptFailures.close();
        clients.values().forEach(c -> Connections.closeQuietly(c.channel));
        clients.clear();
        live = 0;
        Connections.closeQuietly(listening);
        Connections.closeQuietly(wakeUp.source());
        Connections.closeQuietly(wakeUp.sink());
        messages.stopped();
    }

    @Override
    public int liveConnections() {
        return live;
    }

    /** Wakes the loop through its pipe; it closes every socket and ends. Idempotent, from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (running) {
            try {
                wakeUp.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                throw new IllegalStateException("cannot wake the server's loop: " + e.getMessage(), e);
            }
        } else if (listening != null) {
            acceptFailures.close();
            Connections.closeQuietly(listening);
            if (wakeUp != null) {
                Connections.closeQuietly(wakeUp.source());
                Connections.closeQuietly(wakeUp.sink());
            }
        }
    }

    /** A connection and its echo; {@code ticket} is its place in this round's call. */
    private static final class Client {
        final int fd;
        final SocketChannel channel;
        final InetSocketAddress peer;
        final EchoSession session;
        int ticket;

        Client(int fd, SocketChannel channel, InetSocketAddress peer, EchoSession session) {
            this.fd = fd;
            this.channel = channel;
            this.peer = peer;
            this.session = session;
        }
    }
}
