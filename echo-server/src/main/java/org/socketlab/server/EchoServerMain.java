package org.socketlab.server;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.cli.Logging;
import org.socketlab.server.cli.ProgramVersion;
import org.socketlab.server.cli.ServerOptions;
import org.socketlab.server.cli.ServerProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar echo-server.jar [options] [PORT]}: the lab's sequential echo server, run until CTRL-C or
 * SIGTERM. The server itself is {@link BlockingServer#sequential}; this class only reads the command line.
 *
 * <p>Exit status: 0 after CTRL-C or SIGTERM, 1 when the server cannot listen, 2 for a bad command line.
 */
@Command(name = "echo-server", mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class,
        sortOptions = false, description = "The lab's sequential TCP echo server: accept one client, echo every byte"
                + " until its EOF, close the active socket, accept the next.",
        footer = {"", "Exit status: 0 after CTRL-C or SIGTERM, 1 if it cannot listen, 2 for a bad command line."})
public final class EchoServerMain implements Callable<Integer> {
    private static final String NAME = "echo-server";

    @Mixin
    private ServerOptions options;

    @Option(names = "--fault", paramLabel = "FAULT", description = "Reproduce a bug of the lab's C server: no-close"
            + " (activity 3).")
    private String fault;

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
        Logging.configure(options.verbose());
        if (options.listOptions()) {
            return ServerProgram.listOptions(NAME, out);
        }
        ServerConfig config = options.config(fault == null ? Fault.NONE : Fault.parse(fault));
        BlockingServer server = BlockingServer.sequential(config, EchoHandler::new,
                new LabMessages(out, options.portNote()));
        return ServerProgram.serve(NAME, server, config, options.verbose(), err);
    }
}
