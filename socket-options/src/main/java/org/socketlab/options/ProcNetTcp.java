package org.socketlab.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's table of TCP sockets, read from {@code tcp} and {@code tcp6} under /proc/net (this process's network
 * namespace) or /proc/PID/net (the namespace of process PID): the {@code netstat -tan} view. Stateless and
 * thread-safe; each call reads the files afresh.
 */
public final class ProcNetTcp {

    /** This process's network namespace. */
    public static final Path HERE = Path.of("/proc/net");

    private ProcNetTcp() {}

    /** Every TCP socket of this process's network namespace, IPv4 and IPv6. */
    public static List<TcpConnection> read() {
        return read(HERE);
    }

    /**
     * Every TCP socket listed in {@code directory}'s {@code tcp} and {@code tcp6}, IPv4 then IPv6; a table that is
     * not there (no IPv6, a process that has exited) lists none.
     *
     * @param directory /proc/net, or /proc/PID/net for another namespace
     * @throws UncheckedIOException if a table is there but cannot be read
     */
    public static List<TcpConnection> read(Path directory) {
        List<TcpConnection> all = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path path = directory.resolve(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    parse(line).ifPresent(all::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return all;
    }

    /**
     * One line of the table: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid
     * timeout inode ...}, every number in hex but the inode.
     *
     * @return the socket, or empty for the heading
     * @throws IllegalArgumentException for a line that is neither
     */
    static Optional<TcpConnection> parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].endsWith(":")) {
            return Optional.empty();
        }
        if (f.length < 10) {
            throw new IllegalArgumentException("not a line of /proc/net/tcp: " + line);
        }
        String[] queues = f[4].split(":");
        String[] timer = f[5].split(":");
        return Optional.of(new TcpConnection(
                address(f[1]),
                address(f[2]),
                TcpState.ofKernelNumber(Integer.parseInt(f[3], 16)),
                Long.parseLong(queues[0], 16),
                Long.parseLong(queues[1], 16),
                Integer.parseInt(timer[0], 16),
                Integer.parseInt(f[6], 16),
                Long.parseLong(f[9])));
    }

    /**
     * {@code 0100007F:1F90} (IPv4) or 32 hex digits and a port (IPv6): each 32-bit word of the address in the
     * machine's byte order, then the port. A v4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) reads as IPv4.
     */
    static InetSocketAddress address(String hex) {
        String[] parts = hex.split(":");
        String ip = parts[0];
        ByteBuffer bytes = ByteBuffer.allocate(ip.length() / 2).order(ByteOrder.nativeOrder());
        for (int word = 0; word < ip.length(); word += 8) {
            bytes.putInt(Integer.parseUnsignedInt(ip.substring(word, word + 8), 16));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes.array()), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in /proc/net/tcp: " + hex, e);
        }
    }
}
