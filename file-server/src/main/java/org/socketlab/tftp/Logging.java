package org.socketlab.tftp;

/** How the server program starts logging. Call before anything logs. */
final class Logging {

    private Logging() {
    }

    /**
     * Logging is a diagnostic for -v: the lab's messages are printed, not logged. Without -v SLF4J gets its no-op
     * provider, so that Logback's start is paid only by those who ask for the logs.
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
