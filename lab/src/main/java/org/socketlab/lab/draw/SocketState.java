package org.socketlab.lab.draw;

import java.util.Objects;
import java.util.Optional;
import org.socketlab.options.TcpState;

/**
 * One socket as the kernel showed it ({@code ss -tan}): the snapshot an inference is checked against, its ends named
 * as {@link Endpoint}s as the segments name theirs (an IPv4-mapped address as IPv4, a listener's peer as port 0). It
 * holds only what the check needs: the ends and the state.
 *
 * @param local the socket's own address and port
 * @param peer the other end; for a listening socket, any endpoint with port 0 (e.g. {@code 0.0.0.0:0})
 * @param state the state the kernel reported
 */
public record SocketState(Endpoint local, Endpoint peer, TcpState state) {

    public SocketState {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(state, "state");
    }

    /**
     * Reads one line of {@code ss -Htan} ({@code State Recv-Q Send-Q Local:Port Peer:Port}), e.g.
     * {@code CLOSE-WAIT 0 0 [::ffff:127.0.0.1]:8765 [::ffff:127.0.0.1]:52589}; a listener's peer {@code *:*} becomes
     * port 0.
     *
     * @return the socket, or empty for a line that is not one (a heading, another format)
     */
    public static Optional<SocketState> fromSs(String line) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 5) {
            return Optional.empty();
        }
        Optional<TcpState> state = TcpState.fromName(fields[0]);
        try {
            String peer = fields[4].endsWith(":*") ? fields[4].substring(0, fields[4].length() - 1) + "0" : fields[4];
            return state.map(s -> new SocketState(Endpoint.parse(fields[3]), Endpoint.parse(peer), s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
