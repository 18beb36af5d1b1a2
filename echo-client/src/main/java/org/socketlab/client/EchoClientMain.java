package org.socketlab.client;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.socketlab.echo.EchoClosedException;
import org.socketlab.echo.EchoMismatchException;
import org.socketlab.options.ClientSocketConfig;
import org.socketlab.options.Durations;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.OptionTable;
import org.socketlab.options.Ports;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar echo-client.jar [options] HOST PORT}: parses the command line and runs an {@link EchoClient}
 * from stdin to stdout. Status lines ("client: ...") go to stderr, so that stdout carries exactly the echoed bytes.
 *
 * <p>Exit codes: 0 when every byte came back unchanged, 1 when the connection failed or the echo was incomplete or
 * different, 2 for a bad command line.
 */
@Command(
        name = EchoClientMain.NAME,
        versionProvider = EchoClientMain.Version.class,
        customSynopsis = {
            EchoClientMain.NAME + " [options] HOST PORT",
            "       " + EchoClientMain.NAME + " --udp [--timeout DURATION] [--tries N] [options] HOST PORT"
        },
        description = "The lab's echo client: sends each line of stdin to HOST PORT (the server's host name or"
                + " address, and its port) and prints its echo. At EOF (CTRL-D) it half-closes, waits for the"
                + " server's EOF and exits.",
        footer = {
            "",
            "Status lines go to stderr; stdout carries exactly the echoed bytes.",
            "Exit status: 0 when every byte came back unchanged, 1 when the connection failed or the echo was"
                    + " incomplete or different, 2 for a bad command line."
        })
public final class EchoClientMain implements Callable<Integer> {
    static final String NAME = "echo-client";
    private static final Set<SockOpt> UDP_OPTIONS = EnumSet.of(SockOpt.SO_RCVBUF, SockOpt.SO_SNDBUF, SockOpt.IP_TOS);

    @Parameters(paramLabel = "HOST PORT", arity = "0..*", hidden = true)
    private List<String> hostAndPort;

    @Option(
            names = {"-o", "--option"},
            paramLabel = "NAME=VALUE",
            description = "Set a socket option before connect, e.g. -o TCP_MAXSEG=88; repeatable. See --list-options.")
    private List<String> socketOptions;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            description = "Give up connecting after DURATION (e.g. 3s, 500ms) without a SYN-ACK; default: when the"
                    + " kernel gives up (tcp_syn_retries, about 2 min 12 s).")
    private String connectTimeoutText;

    @Option(
            names = "--udp",
            arity = "0",
            description = "Echo over UDP: each line goes as one datagram and waits for its echo.")
    private boolean udp;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "With --udp: how long to wait for each echo before sending again; default 1s.")
    private String timeout;

    @Option(
            names = "--tries",
            paramLabel = "N",
            description = "With --udp: how many times a datagram is sent before giving up; default 3.")
    private String tries;

    @Option(
            names = "--tcp-info",
            arity = "0",
            description = "Print the effective socket options after connect, and TCP_INFO after connect and at exit"
                    + " (stderr).")
    private boolean tcpInfo;

    @Option(
            names = "--nonblocking",
            arity = "0",
            description = "Poll a non-blocking socket instead of blocking, and print how many polls each echo took"
                    + " (the I/O lab's client).")
    private boolean nonblocking;

    @Option(
            names = "--list-options",
            arity = "0",
            description = "List the socket options, their defaults here, and exit.")
    private boolean listOptions;

    @Option(
            names = {"-v", "--verbose"},
            arity = "0",
            description = "Debug logging and stack traces.")
    private boolean verbose;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print the version and exit.")
    private boolean version;

    private final InputStream in;
    private final OutputStream out;
    private final PrintStream err;

    private EchoClientMain(InputStream in, OutputStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(
                args, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), System.err));
    }

    /** Runs the client; returns the exit code. */
    static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new EchoClientMain(in, out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println(NAME + ": " + e.getMessage() + " (see --help)");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Logging.configure(verbose);
        if (listOptions) {
            PrintStream table = new PrintStream(out, true);
            table.println("Socket options of " + NAME + " (-o NAME=VALUE), all set before connect:");
            OptionTable.lines(SockOpt.Side.CLIENT, Map.of()).forEach(table::println);
            return 0;
        }
        String host;
        int port;
        ClientSocketConfig config;
        Optional<Duration> connectTimeout;
        try {
            List<String> positionals = hostAndPort == null ? List.of() : hostAndPort;
            if (positionals.size() == 1 && positionals.get(0).matches("[^:]+:\\d+")) {
                String[] hostPort = positionals.get(0).split(":");
                throw new IllegalArgumentException("HOST and PORT are two arguments: " + NAME + " [options] "
                        + hostPort[0] + " " + hostPort[1] + " (see --help)");
            }
            if (positionals.size() != 2) {
                throw new IllegalArgumentException("usage: " + NAME + " [options] HOST PORT (see --help)");
            }
            host = host(positionals.get(0));
            port = Ports.parse(positionals.get(1));
            List<String> options = socketOptions == null ? List.of() : socketOptions;
            config = ClientSocketConfig.of(
                    options.stream().map(OptionAssignment::parse).toList());
            connectTimeout =
                    Optional.ofNullable(connectTimeoutText).map(text -> Durations.parse(text, "--connect-timeout"));
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        if (udp) {
            return udp(host, port, config);
        }
        if (timeout != null || tries != null) {
            err.println(NAME + ": --timeout and --tries apply to --udp only; over TCP, -o SO_TIMEOUT=MILLIS bounds the "
                    + "wait for an echo");
            return 2;
        }
        EchoClient client;
        try {
            client = EchoClient.connect(host, port, config, connectTimeout, status -> err.println("client: " + status));
        } catch (UnknownHostException e) {
            err.println(NAME + ": unknown host '" + host + "': check the name, or give an IP address");
            return 1;
        } catch (SocketOptionException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": cannot connect to " + host + " port " + port + ": "
                    + explainConnect(e, host, port, connectTimeout));
            debug(verbose, e);
            return 1;
        }
        try (client) {
            if (tcpInfo) {
                StringBuilder line = new StringBuilder("client: effective options after connect:");
                client.effectiveOptions()
                        .forEach((option, value) ->
                                line.append(' ').append(option).append('=').append(value));
                err.println(line);
                err.println("client: TCP_INFO after connect: " + client.tcpInfo());
            }
            if (nonblocking) {
                client.echoAllPolling(in, out, polls -> err.println("client: polls before the echo: " + polls));
            } else {
                client.echoAll(in, out);
            }
            if (tcpInfo) {
                // Only TCP_INFO: once closed, getsockopt TCP_MAXSEG reports the value set, no longer the one in use.
                err.println("client: TCP_INFO at exit: " + client.tcpInfo());
            }
            return 0;
        } catch (EchoClient.OutputClosedException e) {
            err.println(NAME + ": standard output closed (" + e.getMessage() + "); stopping");
            return 1;
        } catch (EchoClosedException e) {
            err.println(NAME + ": " + e.getMessage() + "; the echo is incomplete");
            return 1;
        } catch (EchoMismatchException e) {
            err.println(NAME + ": " + e.getMessage() + "; " + host + " port " + port + " is not an echo server");
            return 1;
        } catch (SocketTimeoutException e) {
            err.println(NAME + ": no echo within the read timeout (SO_TIMEOUT); giving up");
            return 1;
        } catch (IOException e) {
            Optional<String> lost = DeadPeer.explain(e, client);
            err.println(NAME + ": "
                    + lost.orElseGet(() -> "the connection to " + host + " port " + port + " failed after "
                            + client.bytesEchoed() + " bytes echoed: " + explainFailure(e)));
            debug(verbose, e);
            return 1;
        }
    }

    /** {@code --udp}: a datagram per line, see {@link UdpEchoClient}. */
    private int udp(String host, int port, ClientSocketConfig config) {
        Duration wait;
        int sends;
        try {
            for (SockOpt option : config.connecting().values().keySet()) {
                if (!UDP_OPTIONS.contains(option)) {
                    String udpOptions = UDP_OPTIONS.stream().map(SockOpt::name).collect(Collectors.joining(", "));
                    throw new IllegalArgumentException(option + " is a TCP option: it means nothing on a UDP socket "
                            + "(--udp takes " + udpOptions + ")");
                }
            }
            wait = Durations.parse(timeout == null ? "1s" : timeout, "--timeout");
            String triesText = tries == null ? "3" : tries;
            sends = triesText.matches("\\d{1,3}") ? Integer.parseInt(triesText) : 0;
            if (sends < 1 || sends > 100) {
                throw new IllegalArgumentException("bad --tries '" + triesText + "': give a number from 1 to 100");
            }
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        try (UdpEchoClient client = UdpEchoClient.connect(
                host, port, config.connecting(), wait, sends, status -> err.println("client: " + status))) {
            client.echoAll(in, out);
            return 0;
        } catch (UnknownHostException e) {
            err.println(NAME + ": unknown host '" + host + "': check the name, or give an IP address");
            return 1;
        } catch (PortUnreachableException e) {
            err.println(NAME + ": Connection refused: ICMP port unreachable from " + host + ": nothing listens on UDP "
                    + "port " + port + " there");
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        }
    }

    private static String host(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty HOST: give a host name or an address, e.g. localhost");
        }
        return host;
    }

    static String explainConnect(IOException e, String host, int port, Optional<Duration> connectTimeout) {
        if (e instanceof SocketTimeoutException && connectTimeout.isPresent()) {
            return "no answer to the SYN within " + Durations.text(connectTimeout.get())
                    + " (--connect-timeout); a firewall may drop it or the host is down";
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException && message.contains("refused")) {
            return ipv6(host)
                    ? "Connection refused: no server listens on that port over IPv6; a server listening on IPv4 "
                            + "only (the default, 0.0.0.0) cannot be reached at an IPv6 address: start it with "
                            + "--bind :: to listen on both, or connect to its IPv4 address"
                    : "Connection refused: no server listens on that port (start one: java -jar echo-server.jar " + port
                            + ")";
        }
        if (e instanceof ConnectException && message.contains("timed out")) {
            return "no answer to the SYN after the kernel's retransmissions (tcp_syn_retries, about 2 min 12 s on "
                    + "Linux 6.x) (ETIMEDOUT); a firewall may drop it, the host is down, or the server's accept "
                    + "queue is full (use --connect-timeout to wait less)";
        }
        if (e instanceof NoRouteToHostException) {
            return "No route to host: the host is unreachable from here";
        }
        return message;
    }

    private static boolean ipv6(String host) {
        try {
            return host.contains(":") && InetAddress.getByName(host) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String explainFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SocketException && message.contains("reset")) {
            return "Connection reset: the server aborted the connection (RST)";
        }
        if (message.contains("Broken pipe")) {
            return "Broken pipe: the server had closed the connection";
        }
        return message;
    }

    private static void debug(boolean verbose, Exception e) {
        if (verbose) {
            LoggerFactory.getLogger(EchoClientMain.class).debug("details", e);
        }
    }

    /** {@code --version}: the client's version, filtered into {@code version.properties} by the build, and the JDK's. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = EchoClientMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the client's version", e);
            }
            return new String[] {
                NAME + " " + properties.getProperty("version", "(development build)") + ", Java " + Runtime.version()
            };
        }
    }

    /**
     * ETIMEDOUT on an established connection: the kernel gave up on the peer. Which timer did, in one line. TCP_INFO
     * read afterwards no longer counts the keep-alive probes, so the client's own state decides: keep-alive probes
     * only go while nothing sent is unacknowledged; retransmissions (bounded by TCP_USER_TIMEOUT or tcp_retries2)
     * only while something is.
     */
    static final class DeadPeer {

        private DeadPeer() {}

        /** The line for a connection the kernel dropped as dead, empty if {@code e} is not that. */
        static Optional<String> explain(IOException e, EchoClient client) {
            if (!String.valueOf(e.getMessage()).contains("timed out")) {
                return Optional.empty();
            }
            long retransmitted;
            try {
                retransmitted = client.tcpInfo().totalRetrans();
            } catch (SocketOptionException notLinux) {
                retransmitted = 1;
            }
            int userTimeout =
                    (Integer) client.options().get(SockOpt.TCP_USER_TIMEOUT).orElse(0);
            return Optional.of(explain(client.awaitingEcho() && retransmitted > 0, userTimeout));
        }

        /**
         * @param unacknowledged whether data was sent and retransmitted without an acknowledgement
         * @param userTimeoutMillis TCP_USER_TIMEOUT as set, 0 if not
         */
        static String explain(boolean unacknowledged, int userTimeoutMillis) {
            if (!unacknowledged) {
                return "connection lost: the peer stopped answering keep-alive probes (ETIMEDOUT)";
            }
            if (userTimeoutMillis > 0) {
                return "connection lost: sent data stayed unacknowledged longer than the user timeout "
                        + "(TCP_USER_TIMEOUT=" + userTimeoutMillis + " ms) (ETIMEDOUT)";
            }
            return "connection lost: sent data stayed unacknowledged through all the kernel's retransmissions "
                    + "(tcp_retries2, about 15 min) (ETIMEDOUT)";
        }
    }
}
