package org.socketlab.concurrent;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.socketlab.concurrent.process.ProcessPerConnectionServer;
import org.socketlab.server.Fault;
import org.socketlab.server.cli.OptionValues;
import org.socketlab.server.cli.ProgramVersion;
import org.socketlab.server.cli.ServerOptions;
import org.socketlab.server.cli.ServerProgram;
import org.socketlab.server.cli.Shutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar concurrent-server.jar --model MODEL [options] [PORT]}: one of the server models ({@link Model})
 * on the lab's echo protocol and socket options, run until CTRL-C or SIGTERM.
 *
 * <p>Exit status: 0 after CTRL-C or SIGTERM, 1 if it cannot listen, 2 for a bad command line.
 */
@Command(
        name = "concurrent-server",
        mixinStandardHelpOptions = true,
        versionProvider = ProgramVersion.class,
        sortOptions = false,
        description = "Echo servers for the labs after the sequential one: the same echo"
                + " protocol and socket options under another server model.",
        footer = {"", Shutdown.EXIT_STATUS})
public final class ConcurrentServerMain implements Callable<Integer> {
    private static final String NAME = "concurrent-server";

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            required = true,
            description = "sequential, thread, pool, selector (the JDK's Selector: epoll on Linux), select"
                    + " (select(2) itself, descriptors below FD_SETSIZE 1024), poll (poll(2) itself), workers,"
                    + " virtual (JDK 21+), process (a child process per connection), prefork (child processes"
                    + " started in advance), smart-select (processes, each select(2)), or, not an echo (hello,"
                    + " goodbye, close): greeting (completion handlers) or sigio (a SIGIO handler accepts).")
    private String model;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "pool: threads started in advance (default 4); prefork: processes started in advance"
                    + " (default 4); workers: selector threads (default 5); smart-select: processes started in"
                    + " advance (default 5); virtual: carrier threads (default: one per core).")
    private String workers;

    @Option(
            names = "--per-worker",
            paramLabel = "M",
            description = "workers, smart-select: the most connections per selector thread or process (default 2).")
    private String perWorker;

    @Option(
            names = "--no-reaper",
            description = "process: never reap a finished child (TCPechod without signal(SIGCHLD, reaper)): each"
                    + " stays a zombie, state Z, until the server exits.")
    private boolean noReaper;

    @Mixin
    private ServerOptions options;

    private final PrintStream out;
    private final PrintStream err;

    private ConcurrentServerMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return ServerProgram.execute(NAME, new ConcurrentServerMain(out, err), args, out, err);
    }

    @Override
    public Integer call() {
        Model chosen = Model.parse(model);
        int threads = workers != null ? OptionValues.positive(workers, "--workers") : defaultWorkers(chosen);
        int connectionsPerWorker = OptionValues.positive(perWorker != null ? perWorker : "2", "--per-worker");
        return ServerProgram.run(NAME, options, Fault.NONE, out, err, (config, messages) -> {
            if (config.sockets().accepted().readTimeoutMillis() > 0 && chosen.nonBlocking()) {
                throw new IllegalArgumentException("SO_TIMEOUT is the timeout of a blocking read; the "
                        + chosen.cliName() + " model never blocks in a read, so it has none");
            }
            if (noReaper) {
                if (chosen != Model.PROCESS) {
                    throw new IllegalArgumentException("--no-reaper is for --model process only: the "
                            + chosen.cliName() + " model starts no child per connection");
                }
                return new ProcessPerConnectionServer(config, messages, false);
            }
            try {
                return chosen.create(config, messages, threads, connectionsPerWorker);
            } catch (UnsupportedOperationException e) {
                // The library says what the JDK lacks; the program adds the model that runs on it.
                throw chosen == Model.VIRTUAL
                        ? new UnsupportedOperationException(e.getMessage() + ", or use --model thread", e)
                        : e;
            }
        });
    }

    private static int defaultWorkers(Model model) {
        return switch (model) {
            case WORKERS, SMART_SELECT -> 5; // smart-select.c's MAXPROCESSES
            case VIRTUAL -> 0; // the JDK's default: a carrier per core
            default -> 4;
        };
    }
}
