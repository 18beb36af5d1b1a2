package org.socketlab.concurrent.posix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
import org.socketlab.echo.NonBlockingEcho;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.Quietly;
import org.socketlab.server.ServerConfig;

/**
 * The echo server of the I/O lab as C writes it: one thread, every socket non-blocking, and one loop that lists
 * the descriptors it cares about, sleeps in select(2) or poll(2) until one is ready, and then accepts, reads and
 * writes only what will not block. The JDK's {@code Selector} (epoll on Linux) is not used anywhere.
 *
 * <p>{@link #select} refuses a connection whose descriptor does not fit in an {@code fd_set} (FD_SETSIZE, 1,024),
 * in one line, and serves the others; {@link #poll} has no such limit. The server wakes from its system call for
 * {@link #close()} through a pipe it also watches (the self-pipe trick).
 */
public final class MultiplexingServer extends AbstractServer {
    private static final int SESSION_BUFFER = 64 * 1024;

    private final ServerConfig config;
    private final LabMessages messages;
    private final Readiness readiness;
    private final int maxConnections;
    private final IntConsumer connectedCount;
    private final Map<Integer, Client> clients = new LinkedHashMap<>();
    private volatile int live;
    private ServerSocketChannel listening;
    private Pipe wakeUp;

    private MultiplexingServer(
            ServerConfig config,
            LabMessages messages,
            Readiness readiness,
            int maxConnections,
            IntConsumer connectedCount,
            ServerSocketChannel inherited) {
        super(messages);
        this.config = config;
        this.messages = messages;
        this.readiness = readiness;
        this.maxConnections = maxConnections;
        this.connectedCount = connectedCount;
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

    /** socket(), options, bind(), listen() (or the inherited socket), non-blocking mode, and the wake-up pipe. */
    @Override
    protected InetSocketAddress open() throws IOException {
        ServerSocketChannel channel = listening != null ? listening : ListeningSockets.open(config);
        try {
            channel.configureBlocking(false); // accept() says "none" instead of blocking
            wakeUp = Pipe.open();
            wakeUp.source().configureBlocking(false);
            listening = channel;
            messages.listening((InetSocketAddress) channel.getLocalAddress());
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            channel.close();
            if (wakeUp != null) {
                Quietly.close(wakeUp.source());
                Quietly.close(wakeUp.sink());
            }
            throw e;
        }
    }

    /** The loop: watch, sleep in the system call, then accept, read and write what is ready; until close(). */
    @Override
    protected void serve() {
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
                Quietly.close(channel);
                messages.refused(peer, refusal.get());
                return;
            }
            messages.accepted(peer);
            channel.configureBlocking(false);
            SocketConfigurer.apply(config.sockets().accepted(), channel);
            clients.put(fd, new Client(fd, channel, peer, new NonBlockingEcho(SESSION_BUFFER)));
            live = clients.size();
            connectedCount.accept(clients.size());
        } catch (IOException e) {
            Quietly.close(channel);
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
        Quietly.close(c.channel);
        clients.remove(c.fd);
        live = clients.size();
        connectedCount.accept(clients.size());
    }

    /** On the loop's thread as it ends, or at close() if it never ran. */
    private synchronized void closeEverything() {
        clients.values().forEach(c -> Quietly.close(c.channel));
        clients.clear();
        live = 0;
        Quietly.close(listening);
        Quietly.close(wakeUp.source());
        Quietly.close(wakeUp.sink());
    }

    @Override
    public int liveConnections() {
        return live;
    }

    /** Wakes the loop through its pipe, and it closes every socket as it ends; with no loop, closes them here. */
    @Override
    protected void shutDown(boolean running) {
        if (!running) {
            closeEverything();
            return;
        }
        try {
            wakeUp.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (ClosedChannelException e) {
            // the loop has ended already and closed the pipe
        } catch (IOException e) {
            throw new IllegalStateException("cannot wake the server's loop: " + e.getMessage(), e);
        }
    }

    /** A connection and its echo; {@code ticket} is its place in this round's call. */
    private static final class Client {
        final int fd;
        final SocketChannel channel;
        final InetSocketAddress peer;
        final NonBlockingEcho session;
        int ticket;

        Client(int fd, SocketChannel channel, InetSocketAddress peer, NonBlockingEcho session) {
            this.fd = fd;
            this.channel = channel;
            this.peer = peer;
            this.session = session;
        }
    }
}
