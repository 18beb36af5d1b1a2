package org.socketlab.lab.draw;

import java.util.Objects;

/**
 * One socket as the kernel showed it ({@code ss -tan}, {@code /proc/net/tcp}): the snapshot an inference is checked
 * against.
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
}
