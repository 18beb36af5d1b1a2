package org.socketlab.tftp;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import org.socketlab.server.cli.Logging;
import org.socketlab.server.cli.ProgramVersion;
import org.socketlab.server.cli.ServerProgram;
import org.socketlab.server.cli.Shutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar tftp-server.jar --root DIR [--allow-write] [--timeout S] [--retries N] [-v] [PORT]}: parses the
 * command line, starts a {@link TftpServer} and runs it until CTRL-C or SIGTERM.
 *
 * <p>Exit status as every server program's ({@link Shutdown#EXIT_STATUS}): 0 after CTRL-C or SIGTERM, 1 when the
 * server cannot start, 2 for a bad command line.
 */
@Command(
        name = TftpServerMain.NAME,
        versionProvider = ProgramVersion.class,
        description = "The lab's sequential TFTP server (RFC 1350, with the blksize, timeout and tsize options of"
                + " RFC 2347-2349): one transfer at a time, each from a port of its own.",
        footer = {"", Shutdown.EXIT_STATUS})
public final class TftpServerMain implements Callable<Integer> {
    static final String NAME = "tftp-server";

    @Parameters(
            paramLabel = "PORT",
            arity = "0..1",
            description = "UDP port for requests (default " + TftpConfig.DEFAULT_PORT
                    + ", TFTP's; 0 for a free one the kernel picks).")
    private String port;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            required = true,
            description = "The directory served; nothing outside it is read or written.")
    private String root;

    @Option(
            names = "--allow-write",
            arity = "0",
            description = "Accept write requests: new files only, renamed into place when complete.")
    private boolean allowWrite;

    @Option(
            names = "--timeout",
            paramLabel = "S",
            description = "Seconds before a packet is sent again (1-255, default " + TftpConfig.DEFAULT_TIMEOUT_SECONDS
                    + "); a client may negotiate another.")
    private String timeout;

    @Option(
            names = "--retries",
            paramLabel = "N",
            description = "Times a packet is sent again before the transfer is abandoned (default "
                    + TftpConfig.DEFAULT_RETRIES + ").")
    private String retries;

    @Option(
            names = {"-v", "--verbose"},
            arity = "0",
            description = "Debug logging and stack traces.")
    private boolean verbose;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "Print the version and exit.")
    private boolean version;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;

    private TftpServerMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return ServerProgram.execute(NAME, new TftpServerMain(out, err), args, out, err);
    }

    @Override
    public Integer call() {
        Logging.configure(verbose);
        TftpConfig config;
        try {
            config = new TftpConfig(
                    Path.of(root),
                    port(port),
                    allowWrite,
                    Duration.ofSeconds(number(timeout, "--timeout", TftpConfig.DEFAULT_TIMEOUT_SECONDS)),
                    (int) number(retries, "--retries", TftpConfig.DEFAULT_RETRIES));
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage() + " (see --help)");
            return 2;
        }
        TftpServer server;
        try {
            server = new TftpServer(config, new TftpMessages(out));
        } catch (IOException e) {
            err.println(NAME + ": cannot serve " + config.root() + ": " + IoErrors.reason(e)
                    + "; give an existing directory with --root");
            debug(verbose, e);
            return 1;
        }
        // CTRL-C and SIGTERM close the sockets, which ends a running transfer (its temporary file deleted).
        Shutdown shutdown = Shutdown.onSignal(NAME, server::close);
        try {
            server.start();
        } catch (BindException e) {
            shutdown.forget();
            err.println(NAME + ": cannot listen on UDP port " + config.port() + ": " + e.getMessage()
                    + (config.port() < 1024
                            ? " (ports below 1024 need root; give another, e.g. 6969, or 0)"
                            : " (another program uses it; give another port, or 0)"));
            debug(verbose, e);
            return 1;
        } catch (IOException e) {
            shutdown.forget();
            err.println(NAME + ": cannot listen on UDP port " + config.port() + ": " + IoErrors.reason(e));
            debug(verbose, e);
            return 1;
        }
        return shutdown.runUntilSignalled(server::run);
    }

    private static int port(String text) {
        if (text == null) {
            return TftpConfig.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Said below, in the same words as a number out of range.
        }
        throw new IllegalArgumentException("port '" + text + "' is not a number from 0 to 65535");
    }

    private static long number(String text, String option, long defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a whole number");
        }
    }

    private static void debug(boolean verbose, Exception e) {
        if (verbose) {
            LoggerFactory.getLogger(TftpServerMain.class).debug("details", e);
        }
    }
}
