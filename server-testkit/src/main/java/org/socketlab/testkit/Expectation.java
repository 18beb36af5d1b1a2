package org.socketlab.testkit;

/**
 * What the student declares the server does with clients that overlap: serve one at a time (this lab's sequential
 * server) or serve {@code clients} at once (the concurrent servers of labs 2 and 3).
 *
 * @param clients how many clients must be served at the same time; 1 for a sequential server
 */
public record Expectation(int clients) {
    public Expectation {
        if (clients < 1) {
            throw new IllegalArgumentException("bad number of clients " + clients + ": expected 1 or more");
        }
    }

    /** One client at a time: a second one waits until the first closes. */
    public static Expectation sequential() {
        return new Expectation(1);
    }

    /** {@code clients} clients served at once, none waiting for another. */
    public static Expectation concurrent(int clients) {
        if (clients < 2) {
            throw new IllegalArgumentException("a concurrent server serves 2 clients or more, not " + clients);
        }
        return new Expectation(clients);
    }

    /** Whether the server serves one client at a time. */
    public boolean isSequential() {
        return clients == 1;
    }

    @Override
    public String toString() {
        return isSequential() ? "one client at a time" : clients + " clients at once";
    }
}
