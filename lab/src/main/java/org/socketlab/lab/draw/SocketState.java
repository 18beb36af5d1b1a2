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
        return SocketLine.fromSs(line)
                .flatMap(row -> TcpState.fromName(row.state()).flatMap(state -> {
                    String peer = row.peer().endsWith(":*")
                            ? row.peer().substring(0, row.peer().length() - 1) + "0"
                            : row.peer();
                    try {
                        return Optional.of(new SocketState(Endpoint.parse(row.local()), Endpoint.parse(peer), state));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }));
    }
}
