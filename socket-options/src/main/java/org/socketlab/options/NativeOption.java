package org.socketlab.options;

import java.util.Optional;

/**
 * What this package reaches through setsockopt(2)/getsockopt(2) directly, by its level and number in the Linux
 * headers ({@code <netinet/tcp.h>}, {@code <asm-generic/socket.h>}); the name is the one messages use.
 */
enum NativeOption {
    TCP_MAXSEG(Level.IPPROTO_TCP, 2),
    TCP_INFO(Level.IPPROTO_TCP, 11),
    TCP_USER_TIMEOUT(Level.IPPROTO_TCP, 18),
    SO_ERROR(Level.SOL_SOCKET, 4),
    SO_SNDBUF(Level.SOL_SOCKET, 7),
    SO_RCVBUF(Level.SOL_SOCKET, 8);

    /** The protocol levels of setsockopt's second argument. */
    enum Level {
        SOL_SOCKET(1),
        IPPROTO_TCP(6);

        final int number;

        Level(int number) {
            this.number = number;
        }
    }

    final Level level;
    final int number;

    NativeOption(Level level, int number) {
        this.level = level;
        this.number = number;
    }

    /** The native option that sets {@code option}, for the options the JDK does not offer. */
    static Optional<NativeOption> setting(SockOpt option) {
        return switch (option) {
            case TCP_MAXSEG -> Optional.of(TCP_MAXSEG);
            case TCP_USER_TIMEOUT -> Optional.of(TCP_USER_TIMEOUT);
            default -> Optional.empty();
        };
    }

    /** The lab's option of the same name, empty for what is only read (TCP_INFO, SO_ERROR). */
    Optional<SockOpt> sockOpt() {
        return this == TCP_INFO || this == SO_ERROR ? Optional.empty() : Optional.of(SockOpt.valueOf(name()));
    }
}
