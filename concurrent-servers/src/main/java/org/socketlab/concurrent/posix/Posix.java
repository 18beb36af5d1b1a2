package org.socketlab.concurrent.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls of the I/O lab, with their constants from the Linux headers (x86-64 and arm64 agree on them). JNA
 * direct mapping: each call costs about as much as the JDK's own native calls. A failing call throws
 * {@link LastErrorException} with its errno. Child processes are {@link
 * org.socketlab.concurrent.process.ChildProcesses}'s.
 */
final class Posix {
    static {
        Native.register(Posix.class, Platform.C_LIBRARY_NAME);
    }

    // fcntl(2)
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_SETOWN = 8;
    static final int O_NONBLOCK = 04000;
    static final int O_ASYNC = 020000;

    // poll(2)
    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;

    /** select(2) watches descriptors 0 to FD_SETSIZE - 1 only: an fd_set is 1,024 bits. */
    static final int FD_SETSIZE = 1024;

    static final int EINTR = 4;

    private Posix() {}

    static native int getpid();

    static native int fcntl(int fd, int command, int argument) throws LastErrorException;

    /** {@code fd_set} is {@code long[16]}: bit {@code fd % 64} of word {@code fd / 64}; null for a set not wanted. */
    static native int select(int nfds, long[] readfds, long[] writefds, long[] exceptfds, Pointer timeout)
            throws LastErrorException;

    /** {@code fds} is an array of {@code struct pollfd { int fd; short events; short revents; }}, 8 bytes each. */
    static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;
}
