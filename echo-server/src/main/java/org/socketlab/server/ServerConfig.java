package org.socketlab.server;

import java.net.InetAddress;
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
}
