package org.socketlab.concurrent.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.Arrays;
import java.util.Optional;

/**
 * select(2): two bit sets of FD_SETSIZE (1,024) bits, rebuilt every round, and the highest descriptor plus one, up
 * to which the kernel tests every bit. A descriptor of 1,024 or more does not fit in the set at all.
 */
final class SelectCall implements Readiness {
    private static final int WORDS = Posix.FD_SETSIZE / Long.SIZE;
    private final long[] readSet = new long[WORDS];
    private final long[] writeSet = new long[WORDS];
    private final Memory timeval = new Memory(16); // struct timeval { long tv_sec; long tv_usec; }
    private int highest = -1;

    @Override
    public String call() {
        return "select";
    }

    @Override
    public Optional<String> cannotWatch(int fd) {
        return fd < Posix.FD_SETSIZE
                ? Optional.empty()
                : Optional.of("its descriptor " + fd + " is at or above FD_SETSIZE (" + Posix.FD_SETSIZE
                        + "), the most select(2) can watch; --model poll has no such limit");
    }

    @Override
    public void clear() {
        Arrays.fill(readSet, 0);
        Arrays.fill(writeSet, 0);
        highest = -1;
    }

    @Override
    public int watch(int fd, boolean read, boolean write) {
        if (cannotWatch(fd).isPresent()) {
            throw new IllegalArgumentException(cannotWatch(fd).get());
        }
        if (read) {
            readSet[fd / Long.SIZE] |= 1L << (fd % Long.SIZE); // FD_SET(fd, &readfds)
        }
        if (write) {
            writeSet[fd / Long.SIZE] |= 1L << (fd % Long.SIZE);
        }
        highest = Math.max(highest, fd);
        return fd; // after select(), the same bit says whether fd is ready
    }

    @Override
    public void await(long timeoutMillis) {
        if (timeoutMillis >= 0) {
            timeval.setLong(0, timeoutMillis / 1000);
            timeval.setLong(8, timeoutMillis % 1000 * 1000);
        }
        try {
            Posix.select(highest + 1, readSet, writeSet, null, timeoutMillis >= 0 ? timeval : null);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Posix.EINTR) {
                throw new IllegalStateException("select() failed: " + e.getMessage(), e);
            }
            clear(); // interrupted by a signal: nothing is ready, the loop asks again
        }
    }

    @Override
    public boolean readable(int ticket) {
        return isSet(readSet, ticket);
    }

    @Override
    public boolean writable(int ticket) {
        return isSet(writeSet, ticket);
    }

    private static boolean isSet(long[] set, int fd) {
        return (set[fd / Long.SIZE] & 1L << (fd % Long.SIZE)) != 0; // FD_ISSET(fd, &set)
    }
}
