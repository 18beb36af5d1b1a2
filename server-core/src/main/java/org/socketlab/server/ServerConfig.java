package org.socketlab.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import org.socketlab.options.ServerSocketConfig;

/**
 * What a server listens on and how, whatever its model. Immutable.
 *
 * @param bindAddress the local address to bind; empty for every IPv4 address (0.0.0.0), as the lab's server
 * @param port the port, 0 for one the kernel picks
 * @param sockets the backlog and the options of the listening and accepted sockets
 * @param fault a lab bug to reproduce, {@link Fault#NONE} normally
 * @param maxConnections the most connections served at once, 0 for a margin below the descriptor limit
 *     ({@link Descriptors#defaultMaxConnections()}); the clients beyond it wait in the backlog
 */
public record ServerConfig(
        Optional<InetAddress> bindAddress, int port, ServerSocketConfig sockets, Fault fault, int maxConnections) {

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(sockets, "sockets");
        Objects.requireNonNull(fault, "fault");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (default) or more: " + maxConnections);
        }
    }

    /** Every IPv4 address, the given port, the lab's socket defaults, no fault, the default connection cap. */
    public static ServerConfig of(int port) {
        return new ServerConfig(Optional.empty(), port, ServerSocketConfig.defaults(), Fault.NONE, 0);
    }

    public ServerConfig withBindAddress(InetAddress address) {
        return new ServerConfig(Optional.of(address), port, sockets, fault, maxConnections);
    }

    public ServerConfig withSockets(ServerSocketConfig newSockets) {
        return new ServerConfig(bindAddress, port, newSockets, fault, maxConnections);
    }

    public ServerConfig withFault(Fault newFault) {
        return new ServerConfig(bindAddress, port, sockets, newFault, maxConnections);
    }

    public ServerConfig withMaxConnections(int newMax) {
        return new ServerConfig(bindAddress, port, sockets, fault, newMax);
    }

    /** The cap in force: {@link #maxConnections()}, or the default below the descriptor limit when it is 0. */
    public int effectiveMaxConnections() {
        return maxConnections > 0 ? maxConnections : Descriptors.defaultMaxConnections();
    }

    /**
     * Parses a local address to bind, as typed: a name, an IPv4 address, or an IPv6 address with or without
     * brackets. {@code ::} listens on every IPv6 and, dual-stack, every IPv4 address.
     *
     * @throws IllegalArgumentException with one line, if it is empty or does not resolve
     */
    public static InetAddress parseBindAddress(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty --bind address: give an address of this machine, e.g. 127.0.0.1");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown --bind address '" + text + "': give an address of this machine,"
                    + " e.g. 127.0.0.1 or ::1");
        }
    }

    /**
     * Parses a count of at least 1 (a backlog, a number of workers).
     *
     * @throws IllegalArgumentException naming the option, if it is not a whole number of at least 1
     */
    public static int parsePositive(String text, String option) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad value '" + text + "' for " + option + ": expected a whole number >= 1");
    }
}
