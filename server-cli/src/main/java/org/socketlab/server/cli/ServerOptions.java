package org.socketlab.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.socketlab.options.Durations;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.Ports;
import org.socketlab.options.ServerSocketConfig;
import org.socketlab.options.SockOpt;
import org.socketlab.server.Fault;
import org.socketlab.server.ServerConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options every server program takes (a picocli mixin), turned into a {@link ServerConfig}. Values are kept as
 * typed and parsed by {@link #config(Fault)}, so that a bad value gets the project's one-line message.
 */
public final class ServerOptions {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PORT",
            description = "Port to listen on (1-65535, or 0 for"
                    + " a free one the kernel picks). Default: 8000 + the last octet of this machine's IPv4"
                    + " address, as in"
                    + " the lab.")
    String port;

    @Option(
            names = "--backlog",
            paramLabel = "N",
            description = "listen(2) backlog (default " + ServerSocketConfig.DEFAULT_BACKLOG
                    + ", the lab's BACKLOG); the accept queue holds N+1 connections.")
    String backlog;

    @Option(
            names = "--reuse-address",
            description = "Set SO_REUSEADDR before bind (default off, as in the lab's C server).")
    boolean reuseAddress;

    @Option(
            names = {"-o", "--option"},
            paramLabel = "NAME=VALUE",
            description = "Set a socket option, e.g. -o TCP_MAXSEG=88; repeatable. See --list-options.")
    List<String> options = new ArrayList<>();

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Local address to listen on (default: every IPv4"
                    + " address, 0.0.0.0). --bind :: listens on every IPv6 and IPv4 address (dual-stack).")
    String bind;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            description = "Close a client that sends nothing, or"
                    + " reads nothing of its echo, for this long, e.g. 30s (SO_TIMEOUT and"
                    + " TCP_USER_TIMEOUT; default: never).")
    String idleTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "Serve at most N connections at once; the"
                    + " others wait in the backlog (default: 32 below the open-files limit, ulimit -n).")
    String maxConnections;

    @Option(names = "--list-options", description = "List the socket options, their defaults here, and exit.")
    boolean listOptions;

    @Option(
            names = {"-v", "--verbose"},
            description = "Debug logging: effective socket options and TCP_INFO per connection, stack traces.")
    boolean verbose;

    /** How the port was chosen when none was given, for the waiting line; empty otherwise. */
    private String portNote = "";

    public boolean verbose() {
        return verbose;
    }

    public boolean listOptions() {
        return listOptions;
    }

    /** The options given that only a TCP server has: a UDP socket has no listen(), accept() or connection. */
    public List<String> tcpOnlyOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (backlog != null) {
            given.add("--backlog");
        }
        if (idleTimeout != null) {
            given.add("--idle-timeout");
        }
        if (maxConnections != null) {
            given.add("--max-connections");
        }
        return given;
    }

    /** After {@link #config}: how the port was chosen when none was given, for the waiting line; else empty. */
    public String portNote() {
        return portNote;
    }

    /**
     * The configuration these options describe, with {@code fault}.
     *
     * @throws IllegalArgumentException with one line naming the bad value
     */
    public ServerConfig config(Fault fault) {
        int listenPort;
        if (port == null) {
            DefaultPort chosen = DefaultPort.forThisMachine();
            listenPort = chosen.port();
            portNote = chosen.note();
        } else {
            listenPort = Ports.parseListening(port);
        }
        ServerSocketConfig.Builder sockets = ServerSocketConfig.builder();
        if (backlog != null) {
            sockets.backlog(OptionValues.positive(backlog, "--backlog"));
        }
        List<OptionAssignment> assignments =
                options.stream().map(OptionAssignment::parse).toList();
        sockets.options(assignments);
        if (reuseAddress) {
            sockets.option(SockOpt.SO_REUSEADDR, true);
        }
        if (idleTimeout != null) {
            int millis = (int) Durations.parse(idleTimeout, "--idle-timeout").toMillis();
            sockets.option(SockOpt.SO_TIMEOUT, millis); // a client that sends nothing: the blocked read times out
            if (assignments.stream().noneMatch(a -> a.option() == SockOpt.TCP_USER_TIMEOUT)) {
                // A client that never reads: the server blocks in write() once the buffers fill, and no read timeout
                // ends that. The kernel drops a connection whose window stays shut longer than TCP_USER_TIMEOUT.
                sockets.option(SockOpt.TCP_USER_TIMEOUT, millis);
            }
        }
        int max = maxConnections == null ? 0 : OptionValues.positive(maxConnections, "--max-connections");
        return new ServerConfig(
                bind == null ? Optional.empty() : Optional.of(OptionValues.bindAddress(bind)),
                listenPort,
                sockets.build(),
                fault,
                max);
    }
}
