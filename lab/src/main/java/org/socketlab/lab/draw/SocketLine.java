package org.socketlab.lab.draw;

import java.util.Optional;

/**
 * One socket of the port as {@code ss -tan} shows it, and whose end it is: a row for the student to read, kept as ss
 * printed it. Not {@link org.socketlab.options.TcpConnection}: the table of /proc/net/tcp has no listening socket's
 * backlog (ss's Send-Q) and no addresses as ss writes them ({@code [::ffff:127.0.0.1]:8765}, {@code *:*}).
 *
 * @param state ss's state name, e.g. {@code ESTAB}, {@code FIN-WAIT-2}, {@code LISTEN}
 * @param receiveQueue Recv-Q: bytes not yet read; for a listening socket, connections not yet accepted
 * @param sendQueue Send-Q: bytes not yet ACKed; for a listening socket, its backlog
 * @param local the local address and port, e.g. {@code 127.0.0.1:8765}
 * @param peer the peer's, {@code 0.0.0.0:*} for a listening socket
 * @param owner whose end it is, e.g. "client A's end", "the listening socket"; empty when nobody said
 */
public record SocketLine(String state, long receiveQueue, long sendQueue, String local, String peer, String owner) {

    /** The column headings above {@link #toString()}'s lines, as ss prints them. */
    public static final String HEADER =
            String.format("%-10s %6s %6s  %-22s %-22s", "State", "Recv-Q", "Send-Q", "Local", "Peer");

    /**
     * Reads one line of {@code ss -Htan} ({@code State Recv-Q Send-Q Local:Port Peer:Port}), e.g.
     * {@code LISTEN 0 1 0.0.0.0:8765 0.0.0.0:*}: the one reader of ss's rows.
     *
     * @return the row, with no owner yet, or empty for a line that is not one (a heading, another format)
     */
    public static Optional<SocketLine> fromSs(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SocketLine(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4], ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The same row, said to be {@code owner}'s. */
    public SocketLine ownedBy(String owner) {
        return new SocketLine(state, receiveQueue, sendQueue, local, peer, owner);
    }

    /** The local port, e.g. 8765 of {@code [::ffff:127.0.0.1]:8765}. */
    public int localPort() {
        return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
    }

    /** The line in ss's columns, the owner last: {@link #fromSs} reads it back as ss's own. */
    @Override
    public String toString() {
        return String.format("%-10s %6d %6d  %-22s %-22s %s", state, receiveQueue, sendQueue, local, peer, owner);
    }
}
