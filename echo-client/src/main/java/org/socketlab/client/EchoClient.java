package org.socketlab.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.socketlab.echo.EchoClosedException;
import org.socketlab.echo.EchoExchange;
import org.socketlab.echo.LineSource;
import org.socketlab.options.ClientSocketConfig;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.ReadTimeouts;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.options.SocketOptionException;
import org.socketlab.options.Target;
import org.socketlab.options.TcpInfo;

/**
 * The echo client: one connection, over which each line of input is sent and its echo read back before the next.
 *
 * <p>Lines longer than {@link #MAX_PIECE} bytes go in pieces of that size, each echoed before the next, so that a
 * line of any length passes in constant memory and the echo never has to wait for a client that is still
 * writing. Not thread-safe.
 */
public final class EchoClient implements AutoCloseable {
    /** The largest piece sent before its echo is read: fits the server's default send buffer (16 KiB). */
    public static final int MAX_PIECE = 8 * 1024;

    private final SocketChannel channel;
    private final InetSocketAddress server;
    private final int readTimeoutMillis;
    private long bytesEchoed;

    private EchoClient(SocketChannel channel, InetSocketAddress server, int readTimeoutMillis) {
        this.channel = channel;
        this.server = server;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Resolves {@code host} and connects to the first of its addresses that accepts, like the lab's getaddrinfo
     * loop. Every option is set before connect(), so that the SYN carries TCP_MAXSEG and the window of SO_RCVBUF.
     *
     * @param status told "connecting to ADDRESS port PORT" before each attempt, and "connected from ADDRESS port
     *     PORT" (the local end, as netstat shows it) once connected
     * @throws java.net.UnknownHostException if the host does not resolve
     * @throws SocketOptionException if the kernel refuses an option
     * @throws IOException the last connect failure (refused, timed out, unreachable)
     */
    public static EchoClient connect(String host, int port, ClientSocketConfig config, Consumer<String> status)
            throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            SocketChannel channel = SocketChannel.open(address instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                SocketConfigurer.apply(config.connecting(), channel);
                status.accept("connecting to " + address.getHostAddress() + " port " + port);
                InetSocketAddress target = new InetSocketAddress(address, port);
                channel.connect(target);
                InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
                status.accept("connected from " + local.getAddress().getHostAddress() + " port " + local.getPort());
                return new EchoClient(channel, target, config.connecting().readTimeoutMillis());
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
     * half-closes (shutdown SHUT_WR, a FIN to the server) and copies whatever else the server sends until its EOF.
     *
     * @return the bytes echoed
     * @throws org.socketlab.echo.EchoClosedException if the server closes before echoing everything
     * @throws IOException if the connection fails, or reading {@code in} or writing {@code out} fails
     */
    public long echoAll(InputStream in, OutputStream out) throws IOException {
        ReadableByteChannel input = ReadTimeouts.input(channel, readTimeoutMillis);
        EchoExchange exchange = new EchoExchange(input, channel, MAX_PIECE);
        LineSource lines = new LineSource(in, MAX_PIECE);
        for (ByteBuffer piece = lines.next(); piece != null; piece = lines.next()) {
            ByteBuffer echo = exchange.exchange(piece);
            bytesEchoed += echo.remaining();
            writeTo(out, echo);
        }
        channel.shutdownOutput();
        ByteBuffer rest = ByteBuffer.allocate(MAX_PIECE);
        while (input.read(rest.clear()) >= 0) {
            writeTo(out, rest.flip());
        }
        return bytesEchoed;
    }

    /**
     * The I/O lab's non-blocking client: the same exchange, but the socket is in non-blocking mode and the client
     * polls. A read that finds nothing (EWOULDBLOCK) counts one poll and waits {@value #POLL_MILLIS} ms before
     * trying again; {@code polls} is told how many polls each echo took (0 when it was already there).
     *
     * @return the bytes echoed
     */
    public long echoAllPolling(InputStream in, OutputStream out, LongConsumer polls) throws IOException {
        channel.configureBlocking(false);
        LineSource lines = new LineSource(in, MAX_PIECE);
        ByteBuffer echo = ByteBuffer.allocate(MAX_PIECE);
        for (ByteBuffer piece = lines.next(); piece != null; piece = lines.next()) {
            int expected = piece.remaining();
            while (piece.hasRemaining()) {
                if (channel.write(piece) == 0) {
                    pause();
                }
            }
            long count = 0;
            echo.clear().limit(expected);
            while (echo.hasRemaining()) {
                int n = channel.read(echo);
                if (n < 0) {
                    throw new EchoClosedException(expected, echo.position());
                }
                if (n == 0) {
                    count++;
                    pause();
                }
            }
            polls.accept(count);
            bytesEchoed += expected;
            writeTo(out, echo.flip());
        }
        channel.shutdownOutput();
        for (int n = channel.read(echo.clear()); n >= 0; n = channel.read(echo.clear())) {
            if (n == 0) {
                pause();
            } else {
                writeTo(out, echo.flip());
            }
        }
        return bytesEchoed;
    }

    /** Between two polls: long enough not to burn a core, short enough to see the echo come. */
    static final long POLL_MILLIS = 1;

    private static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
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

    /** The server's address. */
    public InetSocketAddress server() {
        return server;
    }

    /** The effective value of every option on the connected socket, as the kernel reports it. */
    public Map<SockOpt, String> effectiveOptions() {
        return SocketConfigurer.readBack(channel, SocketConfigurer.optionsOf(Target.CONNECTING), readTimeoutMillis);
    }

    /**
     * The kernel's TCP_INFO for this connection.
     *
     * @throws SocketOptionException on an OS other than Linux
     */
    public TcpInfo tcpInfo() throws SocketOptionException {
        return NativeSockets.tcpInfo(channel);
    }

    /** The connected channel, for tests and tools that look at the socket itself. */
    public SocketChannel channel() {
        return channel;
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
