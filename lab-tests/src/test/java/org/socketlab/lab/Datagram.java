package org.socketlab.lab;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.socketlab.lab.fixture.Capture;

/**
 * One UDP datagram as tcpdump prints it ({@code -n -tt}):
 * {@code 1732529313.123456 IP 127.0.0.1.40512 > 127.0.0.1.8765: UDP, length 6}. No flags, no sequence numbers:
 * a datagram has a source, a destination and a length, and that is all the wire shows.
 *
 * @param sourcePort source port
 * @param destinationPort destination port
 * @param length the payload length
 * @param line the line as printed
 */
record Datagram(int sourcePort, int destinationPort, int length, String line) {

    private static final Pattern LINE =
            Pattern.compile("^\\d+\\.\\d+ IP6? \\S+\\.(\\d+) > \\S+\\.(\\d+): UDP, length (\\d+)$");

    /** Parses a tcpdump line; null for a line that is not a UDP datagram. */
    static Datagram parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new Datagram(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), line);
    }

    /** Whether the datagram goes from one port to the other. */
    boolean between(int fromPort, int toPort) {
        return sourcePort == fromPort && destinationPort == toPort;
    }

    /** Every UDP datagram captured so far that matches {@code which}. */
    static List<Datagram> captured(Capture wire, Predicate<Datagram> which) {
        return wire.toString()
                .lines()
                .map(Datagram::parse)
                .filter(Objects::nonNull)
                .filter(which)
                .toList();
    }

    /** Waits until at least {@code count} captured datagrams match {@code which}; returns them. */
    static List<Datagram> awaitCount(
            Capture wire, Predicate<Datagram> which, int count, String what, Duration timeout) {
        try {
            return await(what)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> captured(wire, which), l -> l.size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not seen on the wire within " + timeout + ": " + what + "; captured:\n" + wire);
        }
    }

    /** Waits for {@code count} captured lines (datagrams, ICMP messages) matching {@code regex}; returns them. */
    static List<String> awaitLines(Capture wire, String regex, int count, String what, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        try {
            return await(what)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(20))
                    .until(
                            () -> wire.toString()
                                    .lines()
                                    .filter(l -> pattern.matcher(l).find())
                                    .toList(),
                            l -> l.size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not seen on the wire within " + timeout + ": " + what + "; captured:\n" + wire);
        }
    }
}
