package org.socketlab.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.socketlab.echo.EchoMismatchException;
import org.socketlab.echo.LineSource;
import org.socketlab.options.Addresses;
import org.socketlab.options.Durations;
import org.socketlab.options.OptionSet;
import org.socketlab.options.SocketConfigurer;

/**
 * The UDP echo client (RFC 862 over UDP): each line of input goes as one datagram, and the client waits for that
 * datagram to come back before sending the next. UDP promises nothing: a datagram or its echo may be lost, so the
 * client sends again after a timeout, a bounded number of times, then says what it cannot know.
 *
 * <p>The socket is connected (connect(2) on a datagram socket sends nothing; it fixes the peer), so that the
 * kernel reports an ICMP port unreachable from the server's host as ECONNREFUSED. Not thread-safe.
 */
public final class UdpEchoClient implements AutoCloseable {
    /** The largest UDP payload over IPv4: 65,535 - 20 (IP header) - 8 (UDP header). */
    public static final int MAX_DATAGRAM_IPV4 = 65_507;
    /** The largest UDP payload over IPv6, whose length field does not count the 40-byte IPv6 header. */
    public static final int MAX_DATAGRAM_IPV6 = 65_527;

    private final DatagramChannel channel;
    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final int maxDatagram;
    private final Duration timeout;
    private final int tries;
    private long bytesEchoed;

    private UdpEchoClient(DatagramChannel channel, InetSocketAddress server, Duration timeout, int tries) {
        this.channel = channel;
        this.socket = channel.socket();
        this.server = server;
        this.maxDatagram = server.getAddress() instanceof Inet6Address ? MAX_DATAGRAM_IPV6 : MAX_DATAGRAM_IPV4;
        this.timeout = timeout;
        this.tries = tries;
    }

    /**
     * Opens a datagram socket with the given options and connects it to the first address of {@code host}.
     *
     * @param options socket options (SO_RCVBUF, SO_SNDBUF, IP_TOS), set before connect
     * @param timeout how long to wait for each echo
     * @param tries how many times a datagram is sent before the client gives up, at least 1
     * @param status told "sending datagrams to ADDRESS port PORT from ADDRESS port PORT"
     * @throws java.net.UnknownHostException if the host does not resolve
     */
    public static UdpEchoClient connect(
            String host, int port, OptionSet options, Duration timeout, int tries, Consumer<String> status)
            throws IOException {
        InetAddress address = InetAddress.getAllByName(host)[0];
        DatagramChannel channel = DatagramChannel.open(
                address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            SocketConfigurer.apply(options, channel);
            InetSocketAddress server = new InetSocketAddress(address, port);
            channel.connect(server);
            channel.socket().setSoTimeout((int) timeout.toMillis());
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            status.accept("sending datagrams to " + Addresses.text(address) + " port " + port + " from "
                    + Addresses.text(local.getAddress()) + " port " + local.getPort());
            return new UdpEchoClient(channel, server, timeout, tries);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sends each line of {@code in} (with its newline) as one datagram and writes its echo to {@code out}.
     *
     * @return the bytes echoed
     * @throws DatagramTooLongException if a line does not fit in one datagram; nothing of it is sent
     * @throws NoEchoException if a datagram was sent {@code tries} times without an echo
     * @throws PortUnreachableException if the server's host answered with ICMP port unreachable
     * @throws EchoMismatchException if what came back is neither this datagram nor a late echo of the one before
     * @throws IOException if reading {@code in} or writing {@code out} fails
     */
    public long echoAll(InputStream in, OutputStream out) throws IOException {
        LineSource lines = new LineSource(in, maxDatagram + 1);
        byte[] received = new byte[maxDatagram + 1];
        byte[] previous = new byte[0];
        long line = 0;
        for (ByteBuffer piece = lines.next(); piece != null; piece = lines.next()) {
            line++;
            if (piece.remaining() > maxDatagram) {
                throw new DatagramTooLongException(line, maxDatagram, server.getAddress() instanceof Inet6Address);
            }
            byte[] datagram = new byte[piece.remaining()];
            piece.get(datagram);
            int length = exchange(datagram, previous, received);
            out.write(received, 0, length);
            out.flush();
            bytesEchoed += length;
            previous = datagram;
        }
        return bytesEchoed;
    }

    /** Sends the datagram up to {@code tries} times; returns the length of its echo, now in {@code received}. */
    private int exchange(byte[] datagram, byte[] previous, byte[] received) throws IOException {
        for (int attempt = 1; attempt <= tries; attempt++) {
            socket.send(new DatagramPacket(datagram, datagram.length));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                DatagramPacket echo = new DatagramPacket(received, received.length);
                try {
                    socket.setSoTimeout((int) Math.max(
                            1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                    socket.receive(echo);
                } catch (SocketTimeoutException e) {
                    break; // send again
                }
                byte[] echoed = Arrays.copyOf(received, echo.getLength());
                if (Arrays.equals(echoed, datagram)) {
                    return echo.getLength();
                }
                if (!Arrays.equals(echoed, previous)) {
                    int at = Arrays.mismatch(echoed, datagram);
                    if (at == echoed.length) {
                        throw new IOException("the echo came back cut short: " + echoed.length + " of "
                                + datagram.length + " bytes (a server whose receive buffer is smaller cuts datagrams)");
                    }
                    throw new EchoMismatchException(
                            bytesEchoed + at,
                            at < datagram.length ? Byte.toUnsignedInt(datagram[at]) : -1,
                            Byte.toUnsignedInt(echoed[at]));
                }
                // A late echo of the previous datagram, sent again: that one arrived twice. Wait on.
            }
        }
        throw new NoEchoException(timeout, tries);
    }

    /** The bytes echoed so far. */
    public long bytesEchoed() {
        return bytesEchoed;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A datagram was sent {@code tries} times and no echo came. */
    public static final class NoEchoException extends IOException {
        private static final long serialVersionUID = 1L;

        NoEchoException(Duration timeout, int tries) {
            super("no echo within " + Durations.text(timeout) + " after " + tries
                    + (tries == 1 ? " try" : " tries") + ": the datagram or its echo was lost, or nothing listens "
                    + "(UDP has no connection to report it)");
        }
    }

    /** A line longer than the largest datagram; refused before anything of it is sent. */
    public static final class DatagramTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        DatagramTooLongException(long line, int max, boolean ipv6) {
            super("line " + line + " is longer than the largest UDP datagram over " + (ipv6 ? "IPv6" : "IPv4") + " ("
                    + String.format(Locale.ROOT, "%,d", max) + " bytes); nothing of it was sent: split it into "
                    + "shorter lines");
        }
    }
}
