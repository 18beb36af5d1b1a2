package org.socketlab.lab.activity;

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
 * @param owner whose end it is, e.g. "client A's end", "the listening socket"
 */
public record SocketLine(String state, long receiveQueue, long sendQueue, String local, String peer, String owner) {

    /** The column headings above {@link #toString()}'s lines, as ss prints them. */
    public static final String HEADER =
            String.format("%-10s %6s %6s  %-22s %-22s", "State", "Recv-Q", "Send-Q", "Local", "Peer");

    /** The line in ss's columns, the owner last: {@code SocketState.fromSs} reads it as ss's own. */
    @Override
    public String toString() {
        return String.format("%-10s %6d %6d  %-22s %-22s %s", state, receiveQueue, sendQueue, local, peer, owner);
    }
}
