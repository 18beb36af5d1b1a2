package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.NonBlockingEcho;
import org.socketlab.options.OptionSet;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.AcceptFailures;
import org.socketlab.server.LabMessages;
import org.socketlab.server.Loggers;
import org.socketlab.server.Quietly;

/**
 * One thread, one selector: non-blocking accept on the (shared) listening socket, then each connection's reads
 * and writes as readiness comes, through a {@link NonBlockingEcho}. With a limit, a full worker takes its interest in
 * accepting away instead of spinning, and gives it back when a connection ends: further clients wait in the
 * backlog or go to another worker.
 */
final class SelectorWorker implements Runnable {
    private static final Logger LOG = Loggers.of(SelectorWorker.class);
    private static final int SESSION_BUFFER = 64 * 1024;

    private final ServerSocketChannel listener;
    private final OptionSet acceptedOptions;
    private final LabMessages messages;
    private final AcceptFailures acceptFailures;
    private final int maxConnections;
    private final Selector selector;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private volatile int connections;
    /** While accept() is paused after a failure: when to take the interest in accepting back (System.nanoTime). */
    private long acceptPausedUntil;

    private boolean acceptPaused;

    /**
     * @param listener the shared listening socket, in non-blocking mode
     * @param acceptFailures what to do when accept() fails, shared by the workers of one server
     * @param maxConnections the most connections served at once, 0 for no limit
     */
    SelectorWorker(
            ServerSocketChannel listener,
            OptionSet acceptedOptions,
            LabMessages messages,
            AcceptFailures acceptFailures,
            int maxConnections)
            throws IOException {
        this.listener = listener;
        this.acceptedOptions = acceptedOptions;
        this.messages = messages;
        this.acceptFailures = acceptFailures;
        this.maxConnections = maxConnections;
        this.selector = Selector.open();
    }

    int connections() {
        return connections;
    }

    /** What the selector waits for on the connection from {@code peer}; -1 if this worker serves none (tests). */
    int interestOps(InetSocketAddress peer) {
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()
                    && key.attachment() instanceof Connection c
                    && c.peer().equals(peer)) {
                return key.interestOps();
            }
        }
        return -1;
    }

    @Override
    public void run() {
        try {
            SelectionKey acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
            while (listener.isOpen()) {
                selector.select(acceptPaused ? Math.max(1, (acceptPausedUntil - System.nanoTime()) / 1_000_000) : 0);
                if (acceptPaused && System.nanoTime() - acceptPausedUntil >= 0) {
                    acceptPaused = false;
                    resumeAccepting(acceptKey);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return; // select() would return at once forever: this worker ends, and is replaced
                }
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (key == acceptKey) {
                        if (key.isValid() && key.isAcceptable()) {
                            accept(acceptKey);
                        }
                    } else {
                        serve(key, acceptKey);
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // stop()
        } catch (IOException e) {
            if (listener.isOpen()) {
                LOG.warn("selector worker {} failed: {}", Thread.currentThread().getName(), e.getMessage(), e);
            }
        } finally {
            stop();
        }
    }

    private void accept(SelectionKey acceptKey) throws IOException {
        SocketChannel client;
        try {
            client = listener.accept();
        } catch (IOException e) {
            if (listener.isOpen()) {
                // EMFILE: the connection stays in the backlog, so the listener stays ready; without a pause the
                // selector would wake at once, fail again, and spin.
                Duration pause = acceptFailures.failed(e);
                acceptKey.interestOps(0);
                acceptPaused = true;
                acceptPausedUntil = System.nanoTime() + pause.toNanos();
            }
            return;
        }
        if (client == null) {
            return; // another worker took it
        }
        acceptFailures.succeeded();
        InetSocketAddress peer = (InetSocketAddress) client.getRemoteAddress();
        messages.accepted(peer);
        try {
            client.configureBlocking(false);
            SocketConfigurer.apply(acceptedOptions, client);
        } catch (IOException e) {
            Quietly.close(client);
            messages.failed(peer, 0, e);
            return;
        }
        client.register(selector, SelectionKey.OP_READ, new Connection(peer, new NonBlockingEcho(SESSION_BUFFER)));
        clients.add(client);
        connections++;
        if (maxConnections > 0 && connections >= maxConnections) {
            acceptKey.interestOps(0); // full: stop accepting rather than spin on a ready listener
        }
    }

    private void serve(SelectionKey key, SelectionKey acceptKey) {
        Connection c = (Connection) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isValid() && key.isReadable()) {
                c.session.onReadable(channel);
            }
            if (key.isValid() && key.isWritable() || c.session.wantsWrite()) {
                c.session.onWritable(channel);
            }
            if (c.session.finished()) {
                end(key, acceptKey);
                messages.closed(c.peer, c.session.bytesEchoed());
                return;
            }
            try {
                key.interestOps((c.session.wantsRead() ? SelectionKey.OP_READ : 0)
                        | (c.session.wantsWrite() ? SelectionKey.OP_WRITE : 0));
            } catch (CancelledKeyException e) {
                return; // close() closed the connection meanwhile, from another thread
            }
        } catch (ConnectionFailedException e) {
            end(key, acceptKey);
            messages.failed(c.peer, e.bytesServed(), e.getCause());
        }
    }

    private void end(SelectionKey key, SelectionKey acceptKey) {
        key.cancel();
        Quietly.close(key.channel());
        clients.remove((SocketChannel) key.channel());
        connections--;
        if (!acceptPaused) {
            resumeAccepting(acceptKey); // a slot is free again
        }
    }

    private void resumeAccepting(SelectionKey acceptKey) {
        if (acceptKey.isValid()
                && acceptKey.interestOps() == 0
                && (maxConnections == 0 || connections < maxConnections)) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Closes the selector (waking the worker's select) and every connection; the worker's loop then ends. */
    void stop() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.warn("closing the selector failed: {}", e.getMessage());
        }
        clients.forEach(Quietly::close);
        clients.clear();
        connections = 0;
    }

    private record Connection(InetSocketAddress peer, NonBlockingEcho session) {}
}
