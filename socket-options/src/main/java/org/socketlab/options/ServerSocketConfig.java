package org.socketlab.options;

import java.util.List;

/**
 * The server's socket configuration: the listen backlog, the options of the listening socket and the options of
 * each accepted socket. Immutable; validated when built.
 *
 * <p>SO_REUSEADDR is always set explicitly on the listening socket, false unless asked for, as a C socket
 * starts: the JDK turns it on by default for server sockets on Linux, which would hide the lab's
 * "Address already in use".
 *
 * @param backlog the listen(2) backlog; the accept queue holds backlog + 1 connections
 * @param listening options of the listening socket
 * @param accepted options of each accepted socket
 */
public record ServerSocketConfig(int backlog, OptionSet listening, OptionSet accepted) {

    /** The lab's BACKLOG. */
    public static final int DEFAULT_BACKLOG = 17;

    public ServerSocketConfig {
        if (backlog < 1) {
            throw new IllegalArgumentException("bad backlog " + backlog + ": it must be at least 1");
        }
        if (listening.target() != SocketRole.LISTENING || accepted.target() != SocketRole.ACCEPTED) {
            throw new IllegalArgumentException(
                    "option sets for the wrong sockets: " + listening.target() + " and " + accepted.target());
        }
    }

    /** The lab's defaults: backlog 17, SO_REUSEADDR false, nothing else set. */
    public static ServerSocketConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the server's options; each {@code -o} goes to the socket it is meant for. Not thread-safe. */
    public static final class Builder {
        private int backlog = DEFAULT_BACKLOG;
        private final OptionSet.Builder listening = OptionSet.builder(SocketRole.LISTENING);
        private final OptionSet.Builder accepted = OptionSet.builder(SocketRole.ACCEPTED);

        private Builder() {}

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** Sets an option on the listening or the accepted socket, whichever it is meant for. */
        public Builder option(SockOpt option, Object value) {
            SocketRole target = option.targetOn(SockOpt.Side.SERVER).orElseThrow();
            (target == SocketRole.LISTENING ? listening : accepted).set(option, value);
            return this;
        }

        /** Sets each parsed {@code NAME=VALUE}. */
        public Builder options(List<OptionAssignment> assignments) {
            assignments.forEach(a -> option(a.option(), a.value()));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if the backlog is below 1
         */
        public ServerSocketConfig build() {
            listening.setIfAbsent(SockOpt.SO_REUSEADDR, false);
            return new ServerSocketConfig(backlog, listening.build(), accepted.build());
        }
    }
}
