package org.socketlab.server;

import java.util.concurrent.Semaphore;

/**
 * The most connections a server serves at once: at the limit its accept loops wait before accept(), and the next
 * clients wait in the kernel's backlog. A sequential accept loop serves one at a time and needs none.
 */
final class ConnectionLimit {
    private static final ConnectionLimit NONE = new ConnectionLimit(null);

    /** One permit per connection that may be served at once; null for no limit. */
    private final Semaphore room;

    private ConnectionLimit(Semaphore room) {
        this.room = room;
    }

    /** No limit beyond the accept loops' own: each serves one connection at a time. */
    static ConnectionLimit none() {
        return NONE;
    }

    static ConnectionLimit of(int max) {
        return new ConnectionLimit(new Semaphore(max));
    }

    /** Waits until one more connection may be served; false if interrupted. */
    boolean awaitRoom() {
        if (room == null) {
            return true;
        }
        try {
            room.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A connection ended, or the accept() it waited for failed. */
    void release() {
        if (room != null) {
            room.release();
        }
    }

    /** Wakes {@code loops} accept loops waiting for room, so that they see the server closed. */
    void wake(int loops) {
        if (room != null) {
            room.release(loops);
        }
    }
}
