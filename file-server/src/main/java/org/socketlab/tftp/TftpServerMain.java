package org.socketlab.tftp;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.socketlab.server.cli.Logging;
import org.socketlab.server.cli.ProgramVersion;
import org.socketlab.server.cli.ServerProgram;
import org.socketlab.server.cli.Shutdown;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar tftp-server.jar --root DIR [--allow-write] [--timeout S] [--retries N] [-v] [PORT]}: parses the
 * command line, starts a {@link TftpServer} and runs it until CTRL-C or SIGTERM.
 *
 * <p>Exit status as every server program's ({@link Shutdown#EXIT_STATUS}): 0 after CTRL-C or SIGTERM, 1 when the
 * server cannot start, 2 for a bad command line.
 */
public final class TftpServerMain {
    private static final String NAME = "tftp-server";

    private TftpServerMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(spec());
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            err.println(NAME + ": " + ServerProgram.refused(e) + " (see --help)");
            return 2;
        }
        if (parsed.isUsageHelpRequested()) {
            commandLine.usage(out);
            return 0;
        }
        if (parsed.isVersionHelpRequested()) {
            out.println(ProgramVersion.line(NAME));
            return 0;
        }
        boolean verbose = parsed.hasMatchedOption("-v");
        Logging.configure(verbose);
        TftpConfig config;
        try {
            config = new TftpConfig(
                    Path.of(parsed.<String>matchedOptionValue("--root", null)),
                    port(parsed.matchedPositionalValue(0, null)),
                    parsed.hasMatchedOption("--allow-write"),
                    Duration.ofSeconds(number(
                            parsed.matchedOptionValue("--timeout", null),
                            "--timeout",
                            TftpConfig.DEFAULT_TIMEOUT.toSeconds())),
                    (int) number(
                            parsed.matchedOptionValue("--retries", null), "--retries", TftpConfig.DEFAULT_RETRIES));
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

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage()
                .description("The lab's sequential TFTP server (RFC 1350, with the blksize, timeout and tsize "
                        + "options of RFC 2347-2349): one transfer at a time, each from a port of its own.")
                .footer("", Shutdown.EXIT_STATUS);
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("PORT")
                .arity("0..1")
                .type(String.class)
                .description("UDP port for requests (default " + TftpConfig.DEFAULT_PORT
                        + ", TFTP's; 0 for a free one the kernel picks).")
                .build());
        spec.addOption(OptionSpec.builder("--root")
                .paramLabel("DIR")
                .type(String.class)
                .required(true)
                .description("The directory served; nothing outside it is read or written.")
                .build());
        spec.addOption(OptionSpec.builder("--allow-write")
                .arity("0")
                .description("Accept write requests: new files only, renamed into place when complete.")
                .build());
        spec.addOption(OptionSpec.builder("--timeout")
                .paramLabel("S")
                .type(String.class)
                .description("Seconds before a packet is sent again (1-255, default "
                        + TftpConfig.DEFAULT_TIMEOUT.toSeconds() + "); a client may negotiate another.")
                .build());
        spec.addOption(OptionSpec.builder("--retries")
                .paramLabel("N")
                .type(String.class)
                .description("Times a packet is sent again before the transfer is abandoned (default "
                        + TftpConfig.DEFAULT_RETRIES + ").")
                .build());
        spec.addOption(OptionSpec.builder("-v", "--verbose")
                .arity("0")
                .description("Debug logging and stack traces.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print the version and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help and exit.")
                .build());
        return spec;
    }
}
