package org.socketlab.concurrent.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.Optional;

/**
 * poll(2): an array of {@code struct pollfd}, one per descriptor watched, whatever its number; the kernel reads the
 * whole array every call and writes back {@code revents}.
 */
final class PollCall implements Readiness {
    private static final int POLLFD_SIZE = 8; // int fd; short events; short revents;
    private Memory fds = new Memory(64L * POLLFD_SIZE);
    private int count;

    @Override
    public String call() {
        return "poll";
    }

    @Override
    public Optional<String> cannotWatch(int fd) {
        return Optional.empty();
    }

    @Override
    public void clear() {
        count = 0;
    }

    @Override
    public int watch(int fd, boolean read, boolean write) {
        if ((count + 1L) * POLLFD_SIZE > fds.size()) {
            Memory larger = new Memory(fds.size() * 2);
            larger.write(0, fds.getByteArray(0, count * POLLFD_SIZE), 0, count * POLLFD_SIZE);
            fds = larger;
        }
        long at = (long) count * POLLFD_SIZE;
        fds.setInt(at, fd);
        fds.setShort(at + 4, (short) ((read ? Posix.POLLIN : 0) | (write ? Posix.POLLOUT : 0)));
        fds.setShort(at + 6, (short) 0);
        return count++;
    }

    @Override
    public void await(long timeoutMillis) {
        try {
            Posix.poll(fds, count, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Posix.EINTR) {
                throw new IllegalStateException("poll() failed: " + e.getMessage(), e);
            }
            for (int i = 0; i < count; i++) {
                fds.setShort(i * (long) POLLFD_SIZE + 6, (short) 0); // interrupted: nothing is ready
            }
        }
    }

    @Override
    public boolean readable(int ticket) {
        // An error or hang-up counts as readable: the read that follows reports it.
        return (revents(ticket) & (Posix.POLLIN | Posix.POLLERR | Posix.POLLHUP | Posix.POLLNVAL)) != 0;
    }

    @Override
    public boolean writable(int ticket) {
        return (revents(ticket) & (Posix.POLLOUT | Posix.POLLERR | Posix.POLLHUP)) != 0;
    }

    private short revents(int ticket) {
        return fds.getShort(ticket * (long) POLLFD_SIZE + 6);
    }
}
