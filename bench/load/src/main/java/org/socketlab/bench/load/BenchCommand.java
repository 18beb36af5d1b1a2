package org.socketlab.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.socketlab.options.Durations;
import org.socketlab.options.Ports;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar bench-load.jar HOST PORT --mode rtt|stream|conn --connections C --size S (--count N | --duration D
 * [--warmup W]) [--threads T] [--json]}: parses, runs the {@link LoadGenerator}, prints the report.
 */
public final class BenchCommand {
    private static final String NAME = "bench-load";

    private BenchCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a benchmark; returns the exit status (0, 1 when the server could not be reached, 2 for bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(spec());
        BenchConfig config;
        boolean json;
        try {
            ParseResult p = cli.parseArgs(args);
            if (p.isUsageHelpRequested()) {
                cli.usage(out);
                return 0;
            }
            List<String> positionals = p.matchedPositionalValue(0, List.<String>of());
            if (positionals.size() != 2) {
                throw new IllegalArgumentException("usage: " + NAME + " HOST PORT [options] (see --help)");
            }
            BenchMode mode = mode(p.matchedOptionValue("--mode", "rtt"));
            Optional<Duration> duration = Optional.ofNullable(p.<String>matchedOptionValue("--duration", null))
                    .map(d -> Durations.parse(d, "--duration"));
            Optional<Long> count = Optional.ofNullable(p.<String>matchedOptionValue("--count", null))
                    .map(c -> number(c, "--count"));
            if (count.isEmpty() && duration.isEmpty()) {
                count = Optional.of(mode == BenchMode.STREAM ? 4096L : mode == BenchMode.CONN ? 2000L : 20_000L);
            }
            int size = (int) number(
                    p.matchedOptionValue(
                            "--size", mode == BenchMode.STREAM ? "65536" : mode == BenchMode.CONN ? "16" : "64"),
                    "--size");
            int connections = (int) number(p.matchedOptionValue("--connections", "1"), "--connections");
            Duration warmUp = Optional.ofNullable(p.<String>matchedOptionValue("--warmup", null))
                    .map(w -> w.strip().matches("0+(ms|s)?") ? Duration.ZERO : Durations.parse(w, "--warmup"))
                    .orElse(duration.map(d -> d.dividedBy(10)).orElse(Duration.ZERO));
            int threads = (int) number(p.matchedOptionValue("--threads", "1"), "--threads");
            String host = positionals.get(0);
            config = new BenchConfig(
                    new InetSocketAddress(host, Ports.parse(positionals.get(1))),
                    mode,
                    connections,
                    size,
                    count,
                    duration,
                    warmUp,
                    threads);
            if (config.server().isUnresolved()) {
                err.println(NAME + ": unknown host '" + host + "': check the name, or give an IP address");
                return 1;
            }
            json = p.hasMatchedOption("--json");
        } catch (ParameterException | IllegalArgumentException e) {
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

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage()
                .description("Load an echo server: C connections on a few event-loop threads, every echoed "
                        + "byte checked, then throughput, latency percentiles and, per connection, the wait"
                        + " before its first "
                        + "echo.");
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("HOST PORT")
                .arity("0..*")
                .type(List.class)
                .auxiliaryTypes(String.class)
                .description("The echo server.")
                .build());
        spec.addOption(OptionSpec.builder("--mode")
                .paramLabel("rtt|stream|conn")
                .type(String.class)
                .description("rtt: round trips (default); stream: chunks written while the echo is read; conn: "
                        + "connect, echo, close.")
                .build());
        spec.addOption(OptionSpec.builder("--connections")
                .paramLabel("C")
                .type(String.class)
                .description("Connections (default 1, at most 10000).")
                .build());
        spec.addOption(OptionSpec.builder("--threads")
                .paramLabel("T")
                .type(String.class)
                .description("Event-loop threads sharing the connections, one selector each (default 1).")
                .build());
        spec.addOption(OptionSpec.builder("--size")
                .paramLabel("S")
                .type(String.class)
                .description("Bytes per message or chunk (default 64 for rtt, 65536 for stream, 16 for conn).")
                .build());
        spec.addOption(OptionSpec.builder("--count")
                .paramLabel("N")
                .type(String.class)
                .description("Operations per connection (default 20000 rtt, 4096 chunks, 2000 conn).")
                .build());
        spec.addOption(OptionSpec.builder("--duration")
                .paramLabel("D")
                .type(String.class)
                .description("Run for this long instead, e.g. 10s.")
                .build());
        spec.addOption(OptionSpec.builder("--warmup")
                .paramLabel("W")
                .type(String.class)
                .description("With --duration: leave the first W out of the figures (default a tenth).")
                .build());
        spec.addOption(OptionSpec.builder("--json")
                .arity("0")
                .description("Print the report as JSON.")
                .build());
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help and exit.")
                .build());
        return spec;
    }
}
