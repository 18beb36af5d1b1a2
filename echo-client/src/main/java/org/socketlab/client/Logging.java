package org.socketlab.client;

/** How the client starts logging. Call before anything logs. */
final class Logging {

    private Logging() {}

    /**
     * Logging is a diagnostic for -v: the client's status lines are printed, not logged. Without -v SLF4J gets its
     * no-op provider, so that Logback's start (about 100 ms) is paid only by those who ask for the logs.
     */
    static void configure(boolean verbose) {
        if (verbose) {
            System.setProperty("socketlab.log.level", "DEBUG");
        } else {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }
}
