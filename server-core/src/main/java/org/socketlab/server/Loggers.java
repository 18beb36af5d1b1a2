package org.socketlab.server;

import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The library's loggers: SLF4J's when the program has an SLF4J backend (logback-classic, slf4j-simple, ...), else
 * silent. SLF4J 2 itself would print "No SLF4J providers were found" on the console of every program on the library
 * that chose no backend; a library brings none and says nothing then.
 */
public final class Loggers {
    private static final boolean BACKEND = System.getProperty("slf4j.provider") != null
            || ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).stream()
                    .findAny()
                    .isPresent();

    private Loggers() {}

    /** The logger of {@code type}: SLF4J's, or a silent one when the program has no SLF4J backend. */
    public static Logger of(Class<?> type) {
        return BACKEND ? LoggerFactory.getLogger(type) : NOPLogger.NOP_LOGGER;
    }
}
