package org.socketlab.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.socketlab.options.Durations;
import org.socketlab.options.Ports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar bench-load.jar HOST PORT --mode rtt|stream|conn --connections C --size S (--count N | --duration D
 * [--warmup W]) [--threads T] [--json]}: parses, runs the {@link LoadGenerator}, prints the report.
 */
@Command(
        name = BenchCommand.NAME,
        description = "Load an echo server: C connections on a few event-loop threads, every echoed byte checked,"
                + " then throughput, latency percentiles and, per connection, the wait before its first echo.")
public final class BenchCommand implements Callable<Integer> {
    static final String NAME = "bench-load";

    @Parameters(paramLabel = "HOST PORT", arity = "0..*", description = "The echo server.")
    private List<String> hostAndPort;

    @Option(
            names = "--mode",
            paramLabel = "rtt|stream|conn",
            description = "rtt: round trips (default); stream: chunks written while the echo is read; conn: connect,"
                    + " echo, close.")
    private String mode;

    @Option(names = "--connections", paramLabel = "C", description = "Connections (default 1, at most 10000).")
    private String connections;

    @Option(
            names = "--threads",
            paramLabel = "T",
            description = "Event-loop threads sharing the connections, one selector each (default 1).")
    private String threads;

    @Option(
            names = "--size",
            paramLabel = "S",
            description = "Bytes per message or chunk (default 64 for rtt, 65536 for stream, 16 for conn).")
    private String size;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Operations per connection (default 20000 rtt, 4096 chunks, 2000 conn).")
    private String count;

    @Option(names = "--duration", paramLabel = "D", description = "Run for this long instead, e.g. 10s.")
    private String duration;

    @Option(
            names = "--warmup",
            paramLabel = "W",
            description = "With --duration: leave the first W out of the figures (default a tenth).")
    private String warmup;

    @Option(names = "--json", arity = "0", description = "Print the report as JSON.")
    private boolean json;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;

    private BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a benchmark; returns the exit status (0, 1 when the server could not be reached, 2 for bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new BenchCommand(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        BenchConfig config;
        try {
            List<String> positionals = hostAndPort == null ? List.of() : hostAndPort;
            if (positionals.size() != 2) {
                throw new IllegalArgumentException("usage: " + NAME + " HOST PORT [options] (see --help)");
            }
            BenchMode chosen = mode(mode == null ? "rtt" : mode);
            Optional<Duration> runFor = Optional.ofNullable(duration).map(d -> Durations.parse(d, "--duration"));
            Optional<Long> operations = Optional.ofNullable(count).map(c -> number(c, "--count"));
            if (operations.isEmpty() && runFor.isEmpty()) {
                operations =
                        Optional.of(chosen == BenchMode.STREAM ? 4096L : chosen == BenchMode.CONN ? 2000L : 20_000L);
            }
            int bytes = (int) number(
                    size != null ? size : chosen == BenchMode.STREAM ? "65536" : chosen == BenchMode.CONN ? "16" : "64",
                    "--size");
            int conns = (int) number(connections == null ? "1" : connections, "--connections");
            Duration warmUp = Optional.ofNullable(warmup)
                    .map(w -> w.strip().matches("0+(ms|s)?") ? Duration.ZERO : Durations.parse(w, "--warmup"))
                    .orElse(runFor.map(d -> d.dividedBy(10)).orElse(Duration.ZERO));
            int loops = (int) number(threads == null ? "1" : threads, "--threads");
            String host = positionals.get(0);
            config = new BenchConfig(
                    new InetSocketAddress(host, Ports.parse(positionals.get(1))),
                    chosen,
                    conns,
                    bytes,
                    operations,
                    runFor,
                    warmUp,
                    loops);
            if (config.server().isUnresolved()) {
                err.println(NAME + ": unknown host '" + host + "': check the name, or give an IP address");
                return 1;
            }
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        try {
            BenchReport report = LoadGenerator.run(config, line -> err.println("bench: " + line));
            out.print(json ? report.json() + System.lineSeparator() : report.text());
            out.flush();
            return report.served() == 0 ? 1 : 0;
        } catch (IOException e) {
            err.println(
                    NAME + ": cannot open a selector: " + e.getMessage() + "; check the descriptor limit (ulimit -n)");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static BenchMode mode(String text) {
        try {
            return BenchMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --mode '" + text + "': expected rtt, stream or conn");
        }
    }

    private static long number(String text, String option) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + text + "' for " + option + ": expected a whole number");
        }
    }
}
