package org.socketlab.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.socketlab.echo.EchoClosedException;
import org.socketlab.echo.EchoMismatchException;
import org.socketlab.echo.EchoRoundTrip;
import org.socketlab.echo.LineSource;
import org.socketlab.options.Addresses;
import org.socketlab.options.ClientSocketConfig;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.OptionSet;
import org.socketlab.options.ReadTimeouts;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.options.SocketOptionException;
import org.socketlab.options.SocketRole;
import org.socketlab.options.TcpInfo;

/**
 * The echo client: one connection, over which each line of input is sent and its echo read back and compared
 * before the next line is sent.
 *
 * <p>Lines longer than {@link #MAX_PIECE} bytes go in pieces of that size, each echoed before the next, so that a
 * line of any length passes in constant memory. Not thread-safe: one {@code echoAll} per client.
 */
public final class EchoClient implements AutoCloseable {
    /** The largest piece sent before its echo is read: fits the server's default send buffer (16 KiB). */
    public static final int MAX_PIECE = 8 * 1024;

    private final SocketChannel channel;
    private final InetSocketAddress server;
    private final OptionSet options;
    private long bytesEchoed;
    private volatile boolean awaitingEcho;

    private EchoClient(SocketChannel channel, InetSocketAddress server, OptionSet options) {
        this.channel = channel;
        this.server = server;
        this.options = options;
    }

    /**
     * Resolves {@code host} and connects to the first of its addresses that accepts, like the lab's getaddrinfo
     * loop. Every option is set before connect(), so that the SYN carries TCP_MAXSEG and the window of SO_RCVBUF.
     *
     * @param connectTimeout how long each connect() may wait for the SYN-ACK; empty to leave it to the kernel,
     *     which gives up after its SYN retransmissions (tcp_syn_retries: about 2 min 12 s on Linux 6.x)
     * @param status told "connecting to ADDRESS port PORT" before each attempt, and "connected from ADDRESS port
     *     PORT" (the local end, as netstat shows it) once connected
     * @throws java.net.UnknownHostException if the host does not resolve
     * @throws SocketOptionException if the kernel refuses an option
     * @throws SocketTimeoutException if {@code connectTimeout} expired
     * @throws IOException the last connect failure (refused, timed out, unreachable)
     */
    public static EchoClient connect(
            String host,
            int port,
            ClientSocketConfig config,
            Optional<Duration> connectTimeout,
            Consumer<String> status)
            throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            SocketChannel channel = SocketChannel.open(
                    address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                SocketConfigurer.apply(config.connecting(), channel);
                status.accept("connecting to " + Addresses.text(address) + " port " + port);
                InetSocketAddress target = new InetSocketAddress(address, port);
                if (connectTimeout.isPresent()) {
                    // The socket adaptor's timed connect: a non-blocking connect() and a bounded wait, as in C.
                    channel.socket().connect(target, (int) connectTimeout.get().toMillis());
                } else {
                    channel.connect(target);
                }
                InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
                status.accept("connected from " + Addresses.text(local.getAddress()) + " port " + local.getPort());
                return new EchoClient(channel, target, config.connecting());
            } catch (SocketOptionException e) {
                channel.close();
                throw e;
            } catch (IOException e) {
                channel.close();
                last = e;
            }
        }
        throw last;
    }

    /**
     * Sends {@code in} piece by piece and writes each echo to {@code out}, flushed, until EOF on {@code in}; then
     * half-closes (shutdown SHUT_WR, a FIN to the server) and waits for the server's EOF.
     *
     * <p>Two threads: a thread named "client-stdin" reads {@code in} and sends, while the calling thread reads the
     * socket, even when the user types nothing. A client that read the socket only after sending a line would not
     * learn that keep-alive or TCP_USER_TIMEOUT found the peer dead until the next line; this one is told at once
     * (ETIMEDOUT). Pieces still go one at a time: the next is sent once the echo of the previous one is complete.
     *
     * @return the bytes echoed
     * @throws EchoClosedException if the server closes before echoing everything
     * @throws EchoMismatchException if the server sends back anything but what was sent
     * @throws SocketTimeoutException if an echo did not come within SO_TIMEOUT
     * @throws IOException if the connection fails, or reading {@code in} or writing {@code out} fails
     */
    public long echoAll(InputStream in, OutputStream out) throws IOException {
        BlockingQueue<FromInput> sent = new ArrayBlockingQueue<>(2); // one piece, then the end of the input
        Semaphore echoed = new Semaphore(1);
        Thread sender = new Thread(() -> send(in, sent, echoed), "client-stdin");
        sender.setDaemon(true); // a read() on a terminal cannot be interrupted: the JVM must not wait for it
        sender.start();
        try {
            receive(out, sent, echoed);
            return bytesEchoed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the input", e);
        } finally {
            sender.interrupt();
        }
    }

    /** What the thread reading the input tells the thread reading the socket, in order. */
    private sealed interface FromInput permits Piece, InputEnded, SendFailed {}

    /** A piece sent, to compare its echo with. */
    private record Piece(ByteBuffer bytes, long sentNanos) implements FromInput {}

    /** The input ended and the FIN is sent. */
    private record InputEnded() implements FromInput {}

    /** Reading the input or sending failed. */
    private record SendFailed(IOException cause) implements FromInput {}

    private void send(InputStream in, BlockingQueue<FromInput> sent, Semaphore echoed) {
        LineSource lines = new LineSource(in, MAX_PIECE);
        try {
            for (ByteBuffer line = lines.next(); line != null; line = lines.next()) {
                echoed.acquire();
                awaitingEcho = true;
                // A copy: the line source reuses its buffer while the other thread compares the echo with it.
                ByteBuffer piece =
                        ByteBuffer.allocate(line.remaining()).put(line).flip();
                sent.put(new Piece(piece, System.nanoTime()));
                for (ByteBuffer unsent = piece.duplicate(); unsent.hasRemaining(); ) {
                    channel.write(unsent);
                }
            }
            channel.shutdownOutput();
            sent.put(new InputEnded());
        } catch (IOException e) {
            sent.offer(new SendFailed(e));
            shutdownInputQuietly(); // wakes the reading thread, which then reports this failure
        } catch (InterruptedException e) {
            // the reading thread has finished
        }
    }

    private void receive(OutputStream out, BlockingQueue<FromInput> sent, Semaphore echoed)
            throws IOException, InterruptedException {
        int readTimeoutMillis = options.readTimeoutMillis();
        ReadableByteChannel input = ReadTimeouts.input(channel, readTimeoutMillis);
        ByteBuffer received = ByteBuffer.allocate(MAX_PIECE);
        Piece current = null;
        while (true) {
            int n;
            try {
                n = input.read(received.clear());
            } catch (SocketTimeoutException e) {
                Piece waiting = current != null ? current : sent.peek() instanceof Piece p ? p : null;
                if (waiting != null
                        && System.nanoTime() - waiting.sentNanos()
                                >= TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis)) {
                    throw e;
                }
                continue; // SO_TIMEOUT bounds the wait for an echo, not the user's pause between lines
            }
            if (n < 0) {
                FromInput next = current != null ? current : sent.take();
                if (next instanceof Piece p) {
                    throw new EchoClosedException(p.bytes().limit(), p.bytes().position());
                }
                if (next instanceof SendFailed failed) {
                    throw failed.cause();
                }
                return;
            }
            received.flip();
            while (received.hasRemaining()) {
                if (current == null) {
                    current = sent.poll() instanceof Piece p ? p : null;
                    if (current == null) {
                        throw new EchoMismatchException(bytesEchoed, -1, Byte.toUnsignedInt(received.get()));
                    }
                }
                ByteBuffer expected = current.bytes();
                ByteBuffer echo = received.slice().limit(Math.min(expected.remaining(), received.remaining()));
                try {
                    EchoMismatchException.compare(expected, echo, bytesEchoed);
                } catch (EchoMismatchException e) {
                    writeTo(out, echo.limit((int) (e.offset() - bytesEchoed))); // what did come back right
                    throw e;
                }
                writeTo(out, echo);
                expected.position(expected.position() + echo.limit());
                received.position(received.position() + echo.limit());
                bytesEchoed += echo.limit();
                if (!expected.hasRemaining()) {
                    current = null;
                    awaitingEcho = false;
                    echoed.release();
                }
            }
        }
    }

    private void shutdownInputQuietly() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // already closed: the reading thread has its own failure to report
        }
    }

    /**
     * The I/O lab's non-blocking client: the same exchange, but the socket is in non-blocking mode and the client
     * polls. A read that finds nothing (EWOULDBLOCK) counts one poll and waits {@value #POLL_MILLIS} ms before
     * trying again; {@code polls} is told how many polls each echo took (0 when it was already there).
     *
     * @return the bytes echoed
     * @throws EchoMismatchException if the server sends back anything but what was sent
     */
    public long echoAllPolling(InputStream in, OutputStream out, LongConsumer polls) throws IOException {
        channel.configureBlocking(false);
        PollingChannel socket = new PollingChannel();
        EchoRoundTrip exchange = new EchoRoundTrip(socket, socket, MAX_PIECE);
        LineSource lines = new LineSource(in, MAX_PIECE);
        for (ByteBuffer piece = lines.next(); piece != null; piece = lines.next()) {
            socket.polls = 0;
            awaitingEcho = true;
            ByteBuffer echo = exchange.exchange(piece);
            awaitingEcho = false;
            polls.accept(socket.polls);
            bytesEchoed += echo.remaining();
            writeTo(out, echo);
        }
        channel.shutdownOutput();
        ByteBuffer rest = ByteBuffer.allocate(1);
        if (socket.read(rest) > 0) {
            throw new EchoMismatchException(bytesEchoed, -1, Byte.toUnsignedInt(rest.get(0)));
        }
        return bytesEchoed;
    }

    /** Between two polls: long enough not to burn a core, short enough to see the echo come. */
    static final long POLL_MILLIS = 1;

    /** The non-blocking socket as a blocking channel: a read or write that does nothing is a poll, then a pause. */
    private final class PollingChannel implements ByteChannel {
        long polls;

        @Override
        public int read(ByteBuffer bytes) throws IOException {
            for (int n = channel.read(bytes); ; n = channel.read(bytes)) {
                if (n != 0) {
                    return n;
                }
                polls++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
        }

        @Override
        public int write(ByteBuffer bytes) throws IOException {
            for (int n = channel.write(bytes); ; n = channel.write(bytes)) {
                if (n != 0) {
                    return n;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void writeTo(OutputStream out, ByteBuffer bytes) throws IOException {
        try {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
        } catch (IOException e) {
            throw new OutputClosedException(e);
        }
    }

    /** The bytes echoed so far. */
    public long bytesEchoed() {
        return bytesEchoed;
    }

    /** Whether a piece was sent whose echo is not complete yet. */
    public boolean awaitingEcho() {
        return awaitingEcho;
    }

    /** The server's address. */
    public InetSocketAddress server() {
        return server;
    }

    /** The options set on the socket before connect. */
    public OptionSet options() {
        return options;
    }

    /** The effective value of every option on the connected socket, as the kernel reports it. */
    public Map<SockOpt, String> effectiveOptions() {
        return SocketConfigurer.readBack(
                channel, SocketConfigurer.optionsOf(SocketRole.CONNECTING), options.readTimeoutMillis());
    }

    /**
     * The kernel's TCP_INFO for this connection.
     *
     * @throws SocketOptionException on an OS other than Linux
     */
    public TcpInfo tcpInfo() throws SocketOptionException {
        return NativeSockets.tcpInfo(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Writing the echo to our own output failed (e.g. {@code | head -1} closed the pipe). */
    public static final class OutputClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        OutputClosedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
