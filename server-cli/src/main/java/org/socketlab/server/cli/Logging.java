package org.socketlab.server.cli;

/** How the server programs start logging. Call before anything logs. */
public final class Logging {

    private Logging() {}

    /**
     * Logging is a diagnostic for -v: the lab's messages are printed, not logged. Without -v SLF4J gets its no-op
     * provider, so that Logback's start (about 100 ms) is paid only by those who ask for the logs.
     */
    public static void configure(boolean verbose) {
        if (verbose) {
            System.setProperty("socketlab.log.level", "DEBUG");
        } else {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }
}
