package org.socketlab.options;

import java.util.List;

/**
 * The client's socket configuration: options of the connecting socket, all set before connect() so that the
 * SYN carries them (TCP_MAXSEG, SO_RCVBUF). Immutable; validated when built.
 *
 * @param connecting options of the client's socket
 */
public record ClientSocketConfig(OptionSet connecting) {

    public ClientSocketConfig {
        if (connecting.target() != SocketRole.CONNECTING) {
            throw new IllegalArgumentException("option set for the wrong socket: " + connecting.target());
        }
    }

    /**
     * A configuration of the given {@code NAME=VALUE} assignments.
     *
     * @throws IllegalArgumentException if an option is meaningless on the client or given twice differently
     */
    public static ClientSocketConfig of(List<OptionAssignment> assignments) {
        OptionSet.Builder builder = OptionSet.builder(SocketRole.CONNECTING);
        assignments.forEach(a -> builder.set(a.option(), a.value()));
        return new ClientSocketConfig(builder.build());
    }
}
