package org.socketlab.concurrent.posix;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.Quietly;
import org.socketlab.server.ServerConfig;

/**
 * demand-accept.c: the kernel signals the process (SIGIO) when a connection arrives on the listening socket, and
 * the handler accepts, sends {@code hello\ngoodbye!\n\n} and closes. Nothing waits in accept(), select() or epoll:
 * between signals the main thread sleeps.
 *
 * <p>The set-up is C's: a handler for SIGIO first (its default action ends the process), then {@code fcntl(fd,
 * F_SETOWN, getpid())} (whom to signal) and {@code fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK)} (signal on readiness;
 * never block). The handler accepts until accept() says "none": signals coalesce (a standard signal is one pending
 * bit, not a queue), so twenty connections that arrive while one SIGIO is pending raise it once, and the C handler
 * that accepts once per signal loses the rest in the backlog.
 */
public final class SigioServer extends AbstractServer {
    /** What demand-accept.c sends. */
    public static final String GREETING = "hello\ngoodbye!\n\n";

    private static final String SIGNAL = "IO";

    private final ServerConfig config;
    private final LabMessages messages;
    private final AtomicInteger live = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private ServerSocketChannel listening;
    private Object previousHandler;

    public SigioServer(ServerConfig config, LabMessages messages) {
        super(messages);
        this.config = config;
        this.messages = messages;
    }

    /** socket(), bind(), listen(), the SIGIO handler, then F_SETOWN and O_ASYNC | O_NONBLOCK. */
    @Override
    protected InetSocketAddress open() throws IOException {
        ServerSocketChannel channel = ListeningSockets.open(config);
        try {
            channel.configureBlocking(false);
            int fd = NativeSockets.fileDescriptor(channel);
            previousHandler = JvmSignals.handle(SIGNAL, this::acceptWaiting);
            Posix.fcntl(fd, Posix.F_SETOWN, Posix.getpid());
            int flags = Posix.fcntl(fd, Posix.F_GETFL, 0);
            Posix.fcntl(fd, Posix.F_SETFL, flags | Posix.O_ASYNC | Posix.O_NONBLOCK);
        } catch (LastErrorException e) {
            undo(channel);
            throw new IOException("fcntl() on the listening socket failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            undo(channel);
            throw e;
        }
        listening = channel; // start() holds the lock the handler takes: no signal sees it half set
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        messages.listening(local);
        return local;
    }

    private void undo(ServerSocketChannel channel) {
        Quietly.close(channel);
        if (previousHandler != null) {
            JvmSignals.restore(SIGNAL, previousHandler);
        }
    }

    /** Sleeps until {@link #close()}: the signal handler does the work. */
    @Override
    protected void serve() {
        acceptWaiting(); // a client that came between listen() and O_ASYNC raised no signal
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The SIGIO handler: every connection waiting, until accept() says EAGAIN; one handler at a time. */
    private synchronized void acceptWaiting() {
        while (listening != null && listening.isOpen()) {
            SocketChannel client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                if (listening.isOpen()) {
                    acceptFailures.failed(e); // EMFILE: the next connection's signal tries again
                }
                return;
            }
            if (client == null) {
                return;
            }
            acceptFailures.succeeded();
            greet(client);
        }
    }

    private void greet(SocketChannel client) {
        InetSocketAddress peer = null;
        live.incrementAndGet();
        try (client) {
            peer = (InetSocketAddress) client.getRemoteAddress();
            messages.accepted(peer);
            SocketConfigurer.apply(config.sockets().accepted(), client);
            ByteBuffer greeting = ByteBuffer.wrap(GREETING.getBytes(StandardCharsets.US_ASCII));
            while (greeting.hasRemaining()) {
                client.write(greeting); // blocking: an accepted socket does not inherit O_NONBLOCK on Linux
            }
            messages.sentAndClosed(peer, greeting.limit());
        } catch (IOException e) {
            messages.failed(peer, 0, e);
        } finally {
            live.decrementAndGet();
        }
    }

    @Override
    public int liveConnections() {
        return live.get();
    }

    /** Closes the listening socket, gives SIGIO back its previous handler, and wakes {@link #serve()}. */
    @Override
    protected void shutDown(boolean running) {
        synchronized (this) { // not while the handler accepts
            Quietly.close(listening);
            JvmSignals.restore(SIGNAL, previousHandler);
        }
        closed.countDown();
    }
}
