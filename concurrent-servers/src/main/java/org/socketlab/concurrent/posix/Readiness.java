package org.socketlab.concurrent.posix;

import java.util.Optional;

/**
 * One system call that sleeps until one of several descriptors is ready: select(2) or poll(2). Each round the loop
 * lists what it watches ({@link #watch}), sleeps in {@link #await}, then asks what is ready. Both calls are told the
 * whole set again every round and the kernel walks all of it, so their cost grows with the set; epoll (the JDK's
 * {@code Selector} on Linux) keeps the set in the kernel and returns only the ready ones. Not thread-safe.
 */
interface Readiness {

    /** The call's name, as strace shows it, e.g. {@code select}. */
    String call();

    /** Why this call cannot watch {@code fd}, or empty if it can. */
    Optional<String> cannotWatch(int fd);

    /** Starts a new round: nothing is watched. */
    void clear();

    /**
     * Watches {@code fd} this round.
     *
     * @return the ticket to ask {@link #readable} and {@link #writable} with after {@link #await}
     */
    int watch(int fd, boolean read, boolean write);

    /**
     * Sleeps in the system call until a watched descriptor is ready or the timeout passes.
     *
     * @param timeoutMillis -1 for no timeout
     */
    void await(long timeoutMillis);

    /** Whether a read would not block: data, EOF, a connection to accept, or an error to read. */
    boolean readable(int ticket);

    /** Whether a write would not block, or would fail at once. */
    boolean writable(int ticket);
}
