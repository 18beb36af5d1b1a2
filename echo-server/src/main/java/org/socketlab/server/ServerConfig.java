package org.socketlab.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import org.socketlab.options.ServerSocketConfig;

/**
 * What a sequential server listens on and how. Immutable.
 *
 * @param bindAddress the local address to bind; empty for every IPv4 address (0.0.0.0), as the lab's server
 * @param port the port, 0 for one the kernel picks
 * @param sockets the backlog and the options of the listening and accepted sockets
 * @param fault a lab bug to reproduce, {@link Fault#NONE} normally
 */
public record ServerConfig(Optional<InetAddress> bindAddress, int port, ServerSocketConfig sockets, Fault fault) {

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(sockets, "sockets");
        Objects.requireNonNull(fault, "fault");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Every IPv4 address, the given port, the lab's socket defaults, no fault. */
    public static ServerConfig of(int port) {
        return new ServerConfig(Optional.empty(), port, ServerSocketConfig.defaults(), Fault.NONE);
    }

    public ServerConfig withBindAddress(InetAddress address) {
        return new ServerConfig(Optional.of(address), port, sockets, fault);
    }

    public ServerConfig withSockets(ServerSocketConfig newSockets) {
        return new ServerConfig(bindAddress, port, newSockets, fault);
    }

    public ServerConfig withFault(Fault newFault) {
        return new ServerConfig(bindAddress, port, sockets, newFault);
    }

    /**
     * Parses a local address to bind, as typed: a name, an IPv4 address, or an IPv6 address with or without
     * brackets.
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
