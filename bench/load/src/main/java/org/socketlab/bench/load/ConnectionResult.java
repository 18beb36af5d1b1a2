package org.socketlab.bench.load;

/**
 * What one connection of a run saw.
 *
 * @param index the connection's number, from 0
 * @param localPort its local port, 0 if it never connected
 * @param waitedNanos from the start of its connect to its first complete echo: against a sequential server, how
 *     long it queued behind the others; -1 if it was never served
 * @param ops operations measured (after the warm-up)
 * @param failure why it stopped early, or null
 */
public record ConnectionResult(int index, int localPort, long waitedNanos, long ops, String failure) {

    /** Whether the server ever echoed on this connection. */
    public boolean served() {
        return waitedNanos >= 0;
    }
}
