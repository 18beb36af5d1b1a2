package org.socketlab.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.List;
import java.util.Optional;
import org.socketlab.echo.EchoHandler;
import org.socketlab.options.Durations;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.OptionTable;
import org.socketlab.options.Ports;
import org.socketlab.options.ServerSocketConfig;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketOptionException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * {@code java -jar echo-server.jar [options] [PORT]}: parses the command line, wires a {@link SequentialServer}
 * to the lab's messages and runs it until CTRL-C or SIGTERM.
 *
 * <p>Exit codes: 0 after CTRL-C/SIGTERM, 1 when the server cannot listen, 2 for a bad command line.
 */
public final class EchoServerMain {
    private static final String NAME = "echo-server";

    private EchoServerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (ParameterException e) {
            err.println(NAME + ": " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (parsed.help()) {
            new CommandLine(spec()).usage(out);
            return 0;
        }
        boolean verbose = parsed.verbose();
        Logging.configure(verbose);
        if (parsed.listOptions()) {
            out.println("Socket options of " + NAME + " (-o NAME=VALUE); listening-socket options are set before "
                    + "bind/listen, the others on each accepted socket:");
            OptionTable.lines(SockOpt.Side.SERVER, ServerSocketConfig.defaults().listening().values())
                    .forEach(out::println);
            return 0;
        }
        ServerConfig config;
        String portNote = "";
        try {
            String portText = parsed.port();
            int port;
            if (portText == null) {
                DefaultPort chosen = DefaultPort.forThisMachine();
                port = chosen.port();
                portNote = chosen.note();
            } else {
                port = Ports.parseListening(portText);
            }
            config = config(parsed, port);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }

        SequentialServer server = new SequentialServer(config, new EchoHandler(), new LabMessages(out, portNote));
        try {
            server.start();
        } catch (BindException e) {
            err.println(NAME + ": " + ListeningSockets.explainBindFailure(config, e));
            debug(verbose, e);
            return 1;
        } catch (SocketOptionException e) {
            err.println(NAME + ": " + e.getMessage());
            debug(verbose, e);
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": cannot listen on port " + config.port() + ": " + e.getMessage());
            debug(verbose, e);
            return 1;
        }
        // CTRL-C and SIGTERM close the listening socket; run() then returns and the exit status is 0.
        Signal.handle(new Signal("INT"), signal -> server.close());
        Signal.handle(new Signal("TERM"), signal -> server.close());
        server.run();
        return 0;
    }

    private static ServerConfig config(Arguments parsed, int port) {
        ServerSocketConfig.Builder sockets = ServerSocketConfig.builder();
        if (parsed.backlog() != null) {
            sockets.backlog(ServerConfig.parsePositive(parsed.backlog(), "--backlog"));
        }
        sockets.options(parsed.options().stream().map(OptionAssignment::parse).toList());
        if (parsed.reuseAddress()) {
            sockets.option(SockOpt.SO_REUSEADDR, true);
        }
        if (parsed.idleTimeout() != null) {
            sockets.option(SockOpt.SO_TIMEOUT, (int) Durations.parse(parsed.idleTimeout(), "--idle-timeout").toMillis());
        }
        ServerConfig config = new ServerConfig(Optional.empty(), port, sockets.build(), Fault.NONE);
        if (parsed.bind() != null) {
            config = config.withBindAddress(ServerConfig.parseBindAddress(parsed.bind()));
        }
        if (parsed.fault() != null) {
            config = config.withFault(Fault.parse(parsed.fault()));
        }
        return config;
    }

    /**
     * The command line, parsed. Options not given are null, false or empty.
     *
     * <p>Building picocli's model costs about 130 ms of class loading; the command line students type most,
     * {@code echo-server [PORT]}, has no option to parse, so it skips picocli. Everything else goes through it.
     */
    record Arguments(String port, String backlog, boolean reuseAddress, List<String> options, String bind,
                     String idleTimeout, String fault, boolean listOptions, boolean verbose, boolean help) {

        static Arguments parse(String[] args) {
            if (args.length == 0 || (args.length == 1 && !args[0].startsWith("-"))) {
                return new Arguments(args.length == 0 ? null : args[0], null, false, List.of(), null, null, null,
                        false, false, false);
            }
            ParseResult p = new CommandLine(spec()).parseArgs(args);
            return new Arguments(p.matchedPositionalValue(0, null), p.matchedOptionValue("--backlog", null),
                    p.hasMatchedOption("--reuse-address"), p.matchedOptionValue("-o", List.of()),
                    p.matchedOptionValue("--bind", null), p.matchedOptionValue("--idle-timeout", null),
                    p.matchedOptionValue("--fault", null), p.hasMatchedOption("--list-options"),
                    p.hasMatchedOption("-v"), p.isUsageHelpRequested());
        }
    }



    private static void debug(boolean verbose, Exception e) {
        if (verbose) {
            LoggerFactory.getLogger(EchoServerMain.class).debug("details", e);
        }
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage()
                .description("The lab's sequential TCP echo server: accept one client, echo every byte until its "
                        + "EOF, close the active socket, accept the next.")
                .footer("", "Exit status: 0 after CTRL-C or SIGTERM, 1 if it cannot listen, 2 for a bad command line.");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("PORT").arity("0..1").type(String.class)
                .description("Port to listen on (1-65535, or 0 for a free one the kernel picks). Default: 8000 + the last octet of this machine's IPv4 "
                        + "address, as in the lab.").build());
        spec.addOption(OptionSpec.builder("--backlog").paramLabel("N").type(String.class)
                .description("listen(2) backlog (default " + ServerSocketConfig.DEFAULT_BACKLOG
                        + ", the lab's BACKLOG); the accept queue holds N+1 connections.").build());
        spec.addOption(OptionSpec.builder("--reuse-address").arity("0")
                .description("Set SO_REUSEADDR before bind (default off, as in the lab's C server).").build());
        spec.addOption(OptionSpec.builder("-o", "--option").paramLabel("NAME=VALUE").type(List.class)
                .auxiliaryTypes(String.class).description("Set a socket option, e.g. -o TCP_MAXSEG=88; repeatable. "
                        + "See --list-options.").build());
        spec.addOption(OptionSpec.builder("--bind").paramLabel("ADDRESS").type(String.class)
                .description("Local address to listen on (default: every IPv4 address, 0.0.0.0).").build());
        spec.addOption(OptionSpec.builder("--idle-timeout").paramLabel("DURATION").type(String.class)
                .description("Close a client that sends nothing for this long, e.g. 30s (default: never).").build());
        spec.addOption(OptionSpec.builder("--fault").paramLabel("FAULT").type(String.class)
                .description("Reproduce a bug of the lab's C server: no-close (activity 3).").build());
        spec.addOption(OptionSpec.builder("--list-options").arity("0")
                .description("List the socket options, their defaults here, and exit.").build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0")
                .description("Debug logging: effective socket options and TCP_INFO per connection, stack traces.")
                .build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.")
                .build());
        return spec;
    }
}
