package org.socketlab.server.cli;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The lab's port convention: 8000 + the last octet of the server machine's IPv4 address, so that student groups
 * sharing a network do not collide.
 *
 * <p>The machine's address is the IPv4 address of the interface that carries the default route (from
 * /proc/net/route), else of the first interface that is up and not loopback; with loopback only it is
 * 127.0.0.1, which gives port 8001.
 *
 * @param port the port
 * @param address the address it comes from
 * @param how where the address was found, for the waiting line
 */
public record DefaultPort(int port, InetAddress address, String how) {

    /** Finds the machine's address and derives the port. */
    public static DefaultPort forThisMachine() {
        Optional<String> routeInterface = defaultRouteInterface();
        try {
            List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            if (routeInterface.isPresent()) {
                for (NetworkInterface nif : interfaces) {
                    if (nif.getName().equals(routeInterface.get())) {
                        Optional<InetAddress> a = ipv4Of(nif);
                        if (a.isPresent()) {
                            return of(a.get(), "on " + nif.getName() + ", the default route's interface");
                        }
                    }
                }
            }
            for (NetworkInterface nif : interfaces) {
                if (nif.isUp() && !nif.isLoopback()) {
                    Optional<InetAddress> a = ipv4Of(nif);
                    if (a.isPresent()) {
                        return of(a.get(), "on " + nif.getName());
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list: fall back to loopback below.
        }
        return of(InetAddress.getLoopbackAddress(), "loopback: this machine has no other IPv4 address");
    }

    private static DefaultPort of(InetAddress address, String how) {
        byte[] octets = address.getAddress();
        return new DefaultPort(8000 + Byte.toUnsignedInt(octets[octets.length - 1]), address, how);
    }

    private static Optional<InetAddress> ipv4Of(NetworkInterface nif) {
        return nif.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst();
    }

    /** The interface of the IPv4 default route: the line of /proc/net/route whose destination is 00000000. */
    private static Optional<String> defaultRouteInterface() {
        try {
            return Files.readAllLines(Path.of("/proc/net/route")).stream()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length > 2 && f[1].equals("00000000"))
                    .map(f -> f[0])
                    .findFirst();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The note on the waiting line, e.g. {@code no PORT given: 8000 + the last octet of 10.0.2.15, on eth0, ...}. */
    public String note() {
        return "no PORT given: 8000 + the last octet of " + address.getHostAddress() + ", " + how;
    }
}
