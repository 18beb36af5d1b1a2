package org.socketlab.server.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * CTRL-C (SIGINT) and SIGTERM, alike for every server program: the JVM runs its shutdown hooks; this one closes the
 * server, waits a bounded time for its {@code run()} to print the last line, and ends the JVM with
 * {@link #STATUS_AFTER_SIGNAL}. Registered before the server starts, so that a signal right after the waiting
 * line ends the same way.
 */
public final class Shutdown {
    /** The exit status after CTRL-C or SIGTERM: the server was asked to stop, and it did. */
    public static final int STATUS_AFTER_SIGNAL = 0;

    /** Every server program's exit statuses, for the end of its {@code --help}. */
    public static final String EXIT_STATUS =
            "Exit status: 0 after CTRL-C or SIGTERM, 1 if it cannot start or listen, 2 for a bad command line.";

    private static final Duration LAST_LINE_WAIT = Duration.ofSeconds(5);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Shutdown(String name, Runnable close) {
        hook = new Thread(
                () -> {
                    close.run();
                    try {
                        finished.await(LAST_LINE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // Not the JVM's own status after a signal (128 + the signal): a requested stop is no failure.
                    Runtime.getRuntime().halt(STATUS_AFTER_SIGNAL);
                },
                name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * From now on CTRL-C and SIGTERM call {@code close}, which must make the server's {@code run()} return.
     *
     * @param name the program's name, for the hook's thread
     */
    public static Shutdown onSignal(String name, Runnable close) {
        return new Shutdown(name, close);
    }

    /**
     * Runs {@code run} on the calling thread until it returns (after a signal, or on its own), then forgets the
     * signals.
     *
     * @return {@link #STATUS_AFTER_SIGNAL}
     */
    public int runUntilSignalled(Runnable run) {
        try {
            run.run();
        } finally {
            finished.countDown();
            forget();
        }
        return STATUS_AFTER_SIGNAL;
    }

    /** The server did not start: signals end the JVM as they would without this. */
    public void forget() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook ends the JVM
        }
    }
}
