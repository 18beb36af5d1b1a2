package org.socketlab.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.socketlab.options.OptionTable;
import org.socketlab.options.ServerSocketConfig;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketOptionException;
import org.socketlab.server.Fault;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;
import org.socketlab.server.Switches;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What the server programs do alike around their model: parse the command line, start, run until CTRL-C or
 * SIGTERM, and say every failure in one line. Exit status: 0 after CTRL-C or SIGTERM, 1 when the server cannot
 * listen, 2 for a bad command line.
 */
public final class ServerProgram {
    /** The switches of the server programs that their lines point to. */
    static final Switches SWITCHES = new Switches(Map.of(
            Switches.Setting.BIND_ADDRESS, "--bind",
            Switches.Setting.BUFFER, "--buffer",
            Switches.Setting.MAX_CONNECTIONS, "--max-connections",
            Switches.Setting.NO_CLOSE_FAULT, "--fault no-close",
            Switches.Setting.REUSE_ADDRESS, "--reuse-address"));

    private ServerProgram() {}

    /**
     * Parses {@code args} into {@code command} (a picocli command whose {@code call()} returns the exit status) and
     * runs it. A bad command line, or a bad value found while building the configuration
     * ({@link IllegalArgumentException}, {@link UnsupportedOperationException}), is one line on {@code err} and 2.
     */
    public static int execute(String name, Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println(name + ": " + refused(e) + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, ignored, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException) {
                err.println(name + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /**
     * A command line picocli refused, in the lab's words: an argument too many is named with what the program
     * takes, e.g. {@code unexpected argument '8081': echo-server takes [options] PORT}; picocli's own words otherwise.
     */
    public static String refused(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            CommandSpec spec = e.getCommandLine().getCommandSpec();
            String takes = spec.positionalParameters().stream()
                    .map(p -> p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel())
                    .collect(Collectors.joining(" ", spec.name() + " takes [options] ", ""));
            return "unexpected argument '" + unmatched.getUnmatched().get(0) + "': " + takes;
        }
        return e.getMessage();
    }

    /**
     * What every server program does once its command line is parsed: logging as {@code -v} asks, the option list
     * if asked, else the configuration, the model {@code serverFor} makes of it, and {@link #serve}.
     *
     * @throws IllegalArgumentException with one line, for a bad value
     */
    public static int run(
            String name,
            ServerOptions options,
            Fault fault,
            PrintStream out,
            PrintStream err,
            BiFunction<ServerConfig, LabMessages, ServerModel> serverFor) {
        Logging.configure(options.verbose());
        if (options.listOptions()) {
            return listOptions(name, out);
        }
        ServerConfig config = options.config(fault);
        ServerModel server = serverFor.apply(config, new LabMessages(out, options.portNote(), SWITCHES));
        return serve(name, server, config, options.verbose(), err);
    }

    /** The socket options a server takes, their meaning and their default here ({@code --list-options}). */
    private static int listOptions(String name, PrintStream out) {
        out.println("Socket options of " + name + " (-o NAME=VALUE); listening-socket options are set before "
                + "bind/listen, the others on each accepted socket:");
        OptionTable.lines(
                        SockOpt.Side.SERVER,
                        ServerSocketConfig.defaults().listening().values())
                .forEach(out::println);
        return 0;
    }

    /**
     * Starts {@code server} and serves until CTRL-C or SIGTERM.
     *
     * @return the exit status: 0 once stopped by a signal or closed, 1 if it cannot listen
     */
    public static int serve(String name, ServerModel server, ServerConfig config, boolean verbose, PrintStream err) {
        Shutdown shutdown = Shutdown.onSignal(name, server::close);
        try {
            server.start();
        } catch (BindException e) {
            shutdown.forget();
            return cannotListen(name, ListeningSockets.explainBindFailure(config, e, SWITCHES), verbose, e, err);
        } catch (SocketOptionException e) {
            shutdown.forget();
            return cannotListen(name, e.getMessage(), verbose, e, err);
        } catch (IOException e) {
            shutdown.forget();
            return cannotListen(
                    name, "cannot listen on port " + config.port() + ": " + e.getMessage(), verbose, e, err);
        }
        return shutdown.runUntilSignalled(server::run);
    }

    private static int cannotListen(String name, String line, boolean verbose, Exception e, PrintStream err) {
        err.println(name + ": " + line);
        if (verbose) {
            LoggerFactory.getLogger(ServerProgram.class).debug("details", e);
        }
        return 1;
    }
}
