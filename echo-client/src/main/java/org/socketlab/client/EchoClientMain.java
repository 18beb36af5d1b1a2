package org.socketlab.client;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.socketlab.client.bench.BenchCommand;
import org.socketlab.echo.EchoClosedException;
import org.socketlab.options.ClientSocketConfig;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.OptionTable;
import org.socketlab.options.Ports;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketOptionException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar echo-client.jar [options] HOST PORT}: parses the command line and runs an {@link EchoClient}
 * from stdin to stdout. Status lines ("client: ...") go to stderr, so that stdout carries exactly the echoed bytes.
 *
 * <p>Exit codes: 0 when every byte came back, 1 when the connection failed, 2 for a bad command line.
 */
public final class EchoClientMain {
    private static final String NAME = "echo-client";

    private EchoClientMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                System.err));
    }

    /** Runs the client; returns the exit code. */
    static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("bench")) {
            configureLogging(false);
            return BenchCommand.run(Arrays.copyOfRange(args, 1, args.length), new PrintStream(out, true), err);
        }
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (ParameterException e) {
            err.println(NAME + ": " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (parsed.help()) {
            new CommandLine(spec()).usage(new PrintStream(out, true));
            return 0;
        }
        boolean verbose = parsed.verbose();
        configureLogging(verbose);
        if (parsed.listOptions()) {
            PrintStream table = new PrintStream(out, true);
            table.println("Socket options of " + NAME + " (-o NAME=VALUE), all set before connect:");
            OptionTable.lines(SockOpt.Side.CLIENT, Map.of()).forEach(table::println);
            return 0;
        }
        String host;
        int port;
        ClientSocketConfig config;
        try {
            if (parsed.positionals().size() != 2) {
                throw new IllegalArgumentException("usage: " + NAME + " [options] HOST PORT (see --help)");
            }
            host = host(parsed.positionals().get(0));
            port = Ports.parse(parsed.positionals().get(1));
            List<OptionAssignment> assignments = new ArrayList<>();
            for (String text : parsed.options()) {
                assignments.add(OptionAssignment.parse(text));
            }
            config = ClientSocketConfig.of(assignments);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        boolean tcpInfo = parsed.tcpInfo();
        EchoClient client;
        try {
            client = EchoClient.connect(host, port, config, status -> err.println("client: " + status));
        } catch (UnknownHostException e) {
            err.println(NAME + ": unknown host '" + host + "': check the name, or give an IP address");
            return 1;
        } catch (SocketOptionException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": cannot connect to " + host + " port " + port + ": " + explainConnect(e, port));
            debug(verbose, e);
            return 1;
        }
        try (client) {
            if (tcpInfo) {
                report(client, "after connect", err);
            }
            if (parsed.nonBlocking()) {
                client.echoAllPolling(in, out, polls -> err.println("client: polls before the echo: " + polls));
            } else {
                client.echoAll(in, out);
            }
            if (tcpInfo) {
                report(client, "at exit", err);
            }
            return 0;
        } catch (EchoClient.OutputClosedException e) {
            err.println(NAME + ": standard output closed (" + e.getMessage() + "); stopping");
            return 1;
        } catch (EchoClosedException e) {
            err.println(NAME + ": " + e.getMessage() + "; the echo is incomplete");
            return 1;
        } catch (SocketTimeoutException e) {
            err.println(NAME + ": no echo within the read timeout (SO_TIMEOUT); giving up");
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": the connection to " + host + " port " + port + " failed after "
                    + client.bytesEchoed() + " bytes echoed: " + explainFailure(e));
            debug(verbose, e);
            return 1;
        }
    }

    private static void report(EchoClient client, String when, PrintStream err) throws SocketOptionException {
        StringBuilder line = new StringBuilder("client: effective options " + when + ":");
        client.effectiveOptions().forEach((option, value) -> line.append(' ').append(option).append('=').append(value));
        err.println(line);
        err.println("client: TCP_INFO " + when + ": " + client.tcpInfo());
    }

    private static String host(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty HOST: give a host name or an address, e.g. localhost");
        }
        return host;
    }

    static String explainConnect(IOException e, int port) {
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return "Connection refused: no server listens on that port (start one: java -jar echo-server.jar "
                    + port + ")";
        }
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("timed out")) {
            return "Connection timed out: no SYN-ACK came back (a full accept queue drops SYNs, or a firewall)";
        }
        if (e instanceof NoRouteToHostException) {
            return "No route to host: the host is unreachable from here";
        }
        return String.valueOf(e.getMessage());
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

    /** Logback starts only with -v (it costs about 100 ms); otherwise SLF4J's no-op provider. */
    private static void configureLogging(boolean verbose) {
        if (verbose) {
            System.setProperty("socketlab.log.level", "DEBUG");
        } else {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private static void debug(boolean verbose, Exception e) {
        if (verbose) {
            LoggerFactory.getLogger(EchoClientMain.class).debug("details", e);
        }
    }

    /**
     * The command line, parsed. Building picocli's model costs about 130 ms of class loading; the command line
     * students type most, {@code echo-client HOST PORT}, has no option to parse, so it skips picocli.
     */
    record Arguments(List<String> positionals, List<String> options, boolean tcpInfo, boolean nonBlocking,
                     boolean listOptions, boolean verbose, boolean help) {

        static Arguments parse(String[] args) {
            if (args.length == 2 && !args[0].startsWith("-") && !args[1].startsWith("-")) {
                return new Arguments(List.of(args), List.of(), false, false, false, false, false);
            }
            ParseResult p = new CommandLine(spec()).parseArgs(args);
            return new Arguments(p.matchedPositionalValue(0, List.<String>of()), p.matchedOptionValue("-o", List.of()),
                    p.hasMatchedOption("--tcp-info"), p.hasMatchedOption("--nonblocking"),
                    p.hasMatchedOption("--list-options"), p.hasMatchedOption("-v"),
                    p.isUsageHelpRequested());
        }
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage()
                .description("The lab's echo client: sends each line of stdin to HOST PORT and prints its echo. "
                        + "At EOF (CTRL-D) it half-closes, waits for the server's EOF and exits.",
                        "Load generator: echo-client bench HOST PORT --mode rtt|stream|conn ... (bench --help).")
                .footer("", "Status lines go to stderr; stdout carries exactly the echoed bytes.",
                        "Exit status: 0 when every byte came back, 1 when the connection failed, 2 for a bad "
                                + "command line.");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("HOST PORT").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).description("The server's host name or address, and its port.").build());
        spec.addOption(OptionSpec.builder("-o", "--option").paramLabel("NAME=VALUE").type(List.class)
                .auxiliaryTypes(String.class).description("Set a socket option before connect, e.g. -o TCP_MAXSEG=88; "
                        + "repeatable. See --list-options.").build());
        spec.addOption(OptionSpec.builder("--tcp-info").arity("0")
                .description("Print the effective socket options and TCP_INFO after connect and at exit (stderr).")
                .build());
        spec.addOption(OptionSpec.builder("--nonblocking").arity("0")
                .description("Poll a non-blocking socket instead of blocking, and print how many polls each echo took "
                        + "(the I/O lab's client).").build());
        spec.addOption(OptionSpec.builder("--list-options").arity("0")
                .description("List the socket options, their defaults here, and exit.").build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0")
                .description("Debug logging and stack traces.").build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.")
                .build());
        return spec;
    }
}
