package org.socketlab.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * This process's file descriptors, as the kernel counts them: every socket, listening or accepted, is one. The
 * soft limit ({@code ulimit -n}, {@code Max open files} in /proc/self/limits) is read once, at start-up: at the
 * limit, reading it would need one more descriptor.
 */
public final class Descriptors {
    /** Descriptors the JVM and the listening socket need beside the connections (jars, stdio, selectors). */
    static final int MARGIN = 32;

    private static final OptionalLong LIMIT = readLimit();

    private Descriptors() {}

    /** The soft limit on open files, if /proc tells it. */
    public static OptionalLong limit() {
        return LIMIT;
    }

    /** The limit for messages, e.g. {@code 128}, or {@code unknown}. */
    public static String describeLimit() {
        return LIMIT.isPresent() ? String.valueOf(LIMIT.getAsLong()) : "unknown";
    }

    /**
     * The default cap on connections: {@value #MARGIN} below the limit (half the limit when it is small), so that
     * the server stops accepting before accept() fails, and the clients beyond the cap wait in the backlog.
     */
    public static int defaultMaxConnections() {
        if (LIMIT.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        long limit = LIMIT.getAsLong();
        long max = limit > 2 * MARGIN ? limit - MARGIN : limit / 2;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, max));
    }

    private static OptionalLong readLimit() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/limits"));
            return parseLimit(lines);
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** The soft limit of the {@code Max open files} line of /proc/PID/limits. */
    static OptionalLong parseLimit(List<String> limitsFile) {
        for (String line : limitsFile) {
            if (line.startsWith("Max open files")) {
                String[] fields =
                        line.substring("Max open files".length()).trim().split("\\s+");
                if (fields.length > 0 && fields[0].chars().allMatch(Character::isDigit)) {
                    return OptionalLong.of(Long.parseLong(fields[0]));
                }
            }
        }
        return OptionalLong.empty();
    }
}
