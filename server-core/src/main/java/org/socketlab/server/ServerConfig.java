package org.socketlab.server;

import java.net.InetAddress;
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
}
