package org.socketlab.server;

import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.socketlab.echo.EchoHandler;
import org.socketlab.options.SockOpt;
import org.socketlab.server.cli.OptionValues;
import org.socketlab.server.cli.ProgramVersion;
import org.socketlab.server.cli.ServerOptions;
import org.socketlab.server.cli.ServerProgram;
import org.socketlab.server.cli.Shutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar echo-server.jar [options] [PORT]}: the lab's sequential echo server (TCP, or UDP with
 * {@code --udp}), run until CTRL-C or
 * SIGTERM. The server itself is {@link BlockingServer#sequential}; this class only reads the command line.
 *
 * <p>Exit status: 0 after CTRL-C or SIGTERM, 1 when the server cannot listen, 2 for a bad command line.
 */
@Command(
        name = "echo-server",
        mixinStandardHelpOptions = true,
        versionProvider = ProgramVersion.class,
        sortOptions = false,
        description = "The lab's sequential TCP echo server: accept one client, echo every byte"
                + " until its EOF, close the active socket, accept the next.",
        footer = {"", Shutdown.EXIT_STATUS})
public final class EchoServerMain implements Callable<Integer> {
    private static final String NAME = "echo-server";
    /** How to start {@code --inetd} from a shell, for the line that says standard input is no connection. */
    private static final String INETD_EXAMPLE =
            "systemd-socket-activate --inetd -a -l 8765 java -jar echo-server.jar --inetd";

    private static final Set<SockOpt> UDP_OPTIONS =
            EnumSet.of(SockOpt.SO_RCVBUF, SockOpt.SO_SNDBUF, SockOpt.SO_REUSEADDR, SockOpt.IP_TOS);

    @Mixin
    private ServerOptions options;

    @Option(
            names = "--fault",
            paramLabel = "FAULT",
            description = "Reproduce a bug of the lab's C server: no-close (activity 3).")
    private String fault;

    @Option(
            names = "--udp",
            description = "The UDP echo server instead: one datagram socket, each datagram sent back to its sender.")
    private boolean udp;

    @Option(
            names = "--buffer",
            paramLabel = "N",
            description = "With --udp: echo only the first N bytes of each"
                    + " datagram, as a recv(2) into N bytes keeps them (default: the whole datagram).")
    private String buffer;

    @Option(
            names = "--inetd",
            description = "Serve the one connection on standard input and exit (the inetd convention:"
                    + " systemd-socket-activate --inetd, socat EXEC:); the lines go to standard error.")
    private boolean inetd;

    private final PrintStream out;
    private final PrintStream err;

    private EchoServerMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return ServerProgram.execute(NAME, new EchoServerMain(out, err), args, out, err);
    }

    @Override
    public Integer call() {
        if (inetd) {
            return inetd();
        }
        if (buffer != null && !udp) {
            throw new IllegalArgumentException("--buffer applies to --udp only: over TCP a smaller buffer cuts"
                    + " nothing, the rest of the stream waits for the next read");
        }
        Fault chosen = fault == null ? Fault.NONE : Fault.parse(fault);
        return ServerProgram.run(
                NAME,
                options,
                chosen,
                out,
                err,
                (config, messages) ->
                        udp ? udp(config, messages) : BlockingServer.sequential(config, EchoHandler::new, messages));
    }

    /**
     * {@code --inetd}: the connection is standard input and output, accepted by whoever started us; nothing but the
     * echo may go to standard output, so the lines go to standard error.
     */
    private int inetd() {
        if (udp || fault != null || buffer != null) {
            throw new IllegalArgumentException("--inetd cannot be used with --udp, --fault or --buffer: it echoes the"
                    + " one TCP connection it is given on standard input");
        }
        SocketChannel connection = Inetd.connectionOnStandardInput(NAME, INETD_EXAMPLE, err);
        if (connection == null) {
            return Inetd.NOT_A_SOCKET;
        }
        String who = NAME + " (pid " + ProcessHandle.current().pid() + ")";
        int status = Inetd.serve(connection, new EchoHandler(), who, err);
        if (status != Inetd.SERVED) {
            err.println(who + ": " + Inetd.meaning(status));
        }
        return status;
    }

    /** {@code --udp}: the sequential UDP echo server, with the options that mean something to a datagram socket. */
    private UdpEchoServer udp(ServerConfig config, LabMessages messages) {
        List<String> tcpOnly = new ArrayList<>(options.tcpOnlyOptionsGiven());
        if (fault != null) {
            tcpOnly.add("--fault");
        }
        if (!tcpOnly.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", tcpOnly) + " cannot be used with --udp: a UDP socket"
                    + " has no listen(), accept() or connection");
        }
        Map<SockOpt, Object> socketOptions = new EnumMap<>(SockOpt.class);
        socketOptions.putAll(config.sockets().listening().values());
        socketOptions.putAll(config.sockets().accepted().values());
        for (SockOpt option : socketOptions.keySet()) {
            if (!UDP_OPTIONS.contains(option)) {
                throw new IllegalArgumentException(option + " is a TCP option: it means nothing on a UDP socket"
                        + " (--udp takes SO_RCVBUF, SO_SNDBUF, SO_REUSEADDR and IP_TOS)");
            }
        }
        int keep = buffer == null ? UdpEchoServer.MAX_DATAGRAM : OptionValues.positive(buffer, "--buffer");
        if (keep > UdpEchoServer.MAX_DATAGRAM) {
            throw new IllegalArgumentException("bad --buffer " + keep + ": expected 1 to " + UdpEchoServer.MAX_DATAGRAM
                    + " bytes (the largest UDP datagram)");
        }
        return new UdpEchoServer(config, socketOptions, keep, messages);
    }
}
