package org.socketlab.options;

/** Names and explains the errno values a socket option can meet. */
final class Errno {
    static final int EPERM = 1;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EINVAL = 22;
    static final int EPIPE = 32;
    static final int ECONNRESET = 104;
    static final int ENOTSOCK = 88;
    static final int ENOPROTOOPT = 92;
    static final int EOPNOTSUPP = 95;

    private Errno() {}

    /** E.g. "EINVAL (Invalid argument)". */
    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (Operation not permitted)";
            case EBADF -> "EBADF (Bad file descriptor)";
            case EACCES -> "EACCES (Permission denied)";
            case EFAULT -> "EFAULT (Bad address)";
            case EINVAL -> "EINVAL (Invalid argument)";
            case EPIPE -> "EPIPE (Broken pipe)";
            case ECONNRESET -> "ECONNRESET (Connection reset by peer)";
            case ENOTSOCK -> "ENOTSOCK (Socket operation on non-socket)";
            case ENOPROTOOPT -> "ENOPROTOOPT (Protocol not available)";
            case EOPNOTSUPP -> "EOPNOTSUPP (Operation not supported)";
            default -> "errno " + errno;
        };
    }

    /** One line: the option, the errno and what the kernel accepts. */
    static String explainRefusal(SockOpt option, int value, int errno) {
        String line = option + "=" + value + " refused by the kernel: setsockopt failed with " + describe(errno);
        if (option == SockOpt.TCP_MAXSEG && errno == EINVAL) {
            return line + "; Linux accepts 88..32767, or 0 for the route's MSS "
                    + "(TCP_MIN_MSS = 88 = (60 + 60 + 8) - (20 + 20): the largest IP and TCP headers plus 8"
                    + " data bytes)";
        }
        return line;
    }
}
