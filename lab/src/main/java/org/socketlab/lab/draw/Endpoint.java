package org.socketlab.lab.draw;

import java.util.Locale;
import java.util.Objects;

/**
 * One end of a TCP connection as tcpdump names it: an address (IPv4, IPv6, or a host name when tcpdump ran without
 * {@code -n}) and a port.
 *
 * @param address the address as printed, e.g. {@code 127.0.0.1} or {@code ::1}
 * @param port the port, 0 to 65535
 */
public record Endpoint(String address, int port) implements Comparable<Endpoint> {
    private static final String MAPPED = "::ffff:";

    /**
     * @throws IllegalArgumentException if the address is blank or the port is out of range
     */
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (address.isBlank() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("not an endpoint: " + address + " port " + port);
        }
    }

    /**
     * Parses tcpdump's form, the port after the last dot: {@code 127.0.0.1.8765} or {@code ::1.8765}.
     *
     * @throws IllegalArgumentException if the text has no numeric port after a dot
     */
    public static Endpoint parseTcpdump(String text) {
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("no port in " + text);
        }
        String port = text.substring(dot + 1);
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
            throw new IllegalArgumentException("no port in " + text);
        }
        return new Endpoint(text.substring(0, dot), Integer.parseInt(port));
    }

    /**
     * Parses the form {@code ss} and this class print: {@code 127.0.0.1:8765}, {@code [::1]:8765}, {@code *:8765}.
     * An IPv4-mapped address ({@code [::ffff:127.0.0.1]:8765}) becomes the IPv4 one: the kernel shows a dual-stack
     * socket's IPv4 peer that way (Java's server sockets are dual-stack), while the wire carries plain IPv4.
     *
     * @throws IllegalArgumentException if the text has no numeric port after a colon
     */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("no port in " + text);
        }
        String address = text.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.toLowerCase(Locale.ROOT).startsWith(MAPPED) && address.indexOf('.') > 0) {
            address = address.substring(MAPPED.length());
        }
        try {
            return new Endpoint(address, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no port in " + text, e);
        }
    }

    /** Whether the address is an IPv6 address. */
    public boolean isIpv6() {
        return address.indexOf(':') >= 0;
    }

    /** Orders by address, then port, so that a connection's two ends have a fixed order. */
    @Override
    public int compareTo(Endpoint other) {
        int byAddress = address.compareTo(other.address);
        return byAddress != 0 ? byAddress : Integer.compare(port, other.port);
    }

    /** {@code 127.0.0.1:8765}, or {@code [::1]:8765} for IPv6. */
    @Override
    public String toString() {
        return (isIpv6() ? "[" + address + "]" : address) + ":" + port;
    }
}
