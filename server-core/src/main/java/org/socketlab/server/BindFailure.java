package org.socketlab.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.socketlab.options.Addresses;
import org.socketlab.options.ProcNetTcp;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * The advice for a bind that failed with "Address already in use", told apart by what holds the port: another
 * server listening (SO_REUSEADDR cannot help), connections of an earlier server still in TIME_WAIT or FIN_WAIT_2
 * (SO_REUSEADDR helps only if that server set it too: Linux's bind conflict check asks both sockets), or nothing
 * the kernel lists any more.
 */
public final class BindFailure {

    private BindFailure() {}

    /**
     * One line, without the program's name: what failed, why and what to do.
     *
     * @param port the port the server tried to bind
     * @param bindAddress the address the server binds, empty for the wildcard address
     * @param reuseAddressGiven whether the server set SO_REUSEADDR
     * @param sockets the sockets on the port at the time of the failure, e.g. {@link #socketsOnPort}
     * @param switches the program's switches the advice may name; {@link Switches#NONE} for the facts alone
     */
    public static String advice(
            int port,
            Optional<InetAddress> bindAddress,
            boolean reuseAddressGiven,
            List<TcpConnection> sockets,
            Switches switches) {
        String what = "cannot listen on "
                + bindAddress.map(a -> Addresses.text(a) + " port ").orElse("port ") + port
                + ": Address already in use";
        List<TcpConnection> inTheWay = sockets.stream()
                .filter(s -> s.local().getPort() == port
                        && overlaps(bindAddress, s.local().getAddress()))
                .toList();
        Optional<TcpConnection> listener =
                inTheWay.stream().filter(s -> s.state() == TcpState.LISTEN).findFirst();
        if (listener.isPresent()) {
            return what + ": another server listens on " + text(listener.get().local()) + " (ss -ltnp 'sport = :"
                    + port + "' names it) and SO_REUSEADDR never shares a listening port; stop that server or "
                    + "choose another port";
        }
        TreeSet<String> states = new TreeSet<>();
        inTheWay.forEach(s -> states.add(s.state().name()));
        if (states.isEmpty()) {
            return what + ", though no connection on it is left now (it may have just ended, or a socket is bound "
                    + "there without listening); try again, or choose another port";
        }
        String lingering = (inTheWay.size() == 1 ? "a connection" : inTheWay.size() + " connections")
                + " of a server that ran on this port " + (inTheWay.size() == 1 ? "is" : "are") + " still in "
                + String.join(" and ", states) + " (ss -tan 'sport = :" + port + "')";
        Optional<String> reuseSwitch = switches.of(Switches.Setting.REUSE_ADDRESS);
        if (!reuseAddressGiven) {
            return what + ": " + lingering + "; wait until " + (inTheWay.size() == 1 ? "it ends" : "they end")
                    + " (about a minute) or "
                    + reuseSwitch
                            .map(s -> "start the server with " + s + " (SO_REUSEADDR)")
                            .orElse("set SO_REUSEADDR on the listening socket before bind()");
        }
        return what + reuseSwitch.map(s -> " although " + s + " was given: ").orElse(" although SO_REUSEADDR is set: ")
                + lingering + ", and that server did not set "
                + "SO_REUSEADDR (Linux shares the port only when the old socket set it too); wait until "
                + (inTheWay.size() == 1 ? "it ends" : "they end") + " (about a minute), or choose another port";
    }

    /** The TCP sockets of this network namespace whose local port is {@code port}, IPv4 and IPv6. */
    public static List<TcpConnection> socketsOnPort(int port) {
        return ProcNetTcp.read().stream()
                .filter(s -> s.local().getPort() == port)
                .toList();
    }

    /** Whether a bind to {@code bind} conflicts with a socket bound to {@code other}: equal, or one a wildcard. */
    private static boolean overlaps(Optional<InetAddress> bind, InetAddress other) {
        return bind.isEmpty()
                || bind.get().isAnyLocalAddress()
                || other.isAnyLocalAddress()
                || bind.get().equals(other);
    }

    private static String text(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        return (host instanceof Inet6Address ? "[" + Addresses.text(host) + "]" : Addresses.text(host)) + ":"
                + address.getPort();
    }
}
