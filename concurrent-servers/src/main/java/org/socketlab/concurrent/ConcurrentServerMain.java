package org.socketlab.concurrent;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.Ports;
import org.socketlab.options.ServerSocketConfig;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketOptionException;
import org.socketlab.server.Fault;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.Logging;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * {@code java -jar concurrent-server.jar --model MODEL [options] PORT}: parses the command line, wires a server
 * model to the lab's messages and runs it until CTRL-C or SIGTERM. Exit status: 0 after a signal, 1 if it cannot
 * listen, 2 for a bad command line.
 */
public final class ConcurrentServerMain {
    private static final String NAME = "concurrent-server";

    private ConcurrentServerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(spec());
        ServerModel server;
        ServerConfig config;
        try {
            ParseResult p = cli.parseArgs(args);
            if (p.isUsageHelpRequested()) {
                cli.usage(out);
                return 0;
            }
            Logging.configure(p.hasMatchedOption("-v"));
            Model model = Model.parse(p.matchedOptionValue("--model", ""));
            ServerSocketConfig.Builder sockets = ServerSocketConfig.builder();
            if (p.hasMatchedOption("--backlog")) {
                sockets.backlog(ServerConfig.parsePositive(p.matchedOptionValue("--backlog", ""), "--backlog"));
            }
            List<String> assignments = p.matchedOptionValue("-o", List.of());
            sockets.options(assignments.stream().map(OptionAssignment::parse).toList());
            if (p.hasMatchedOption("--reuse-address")) {
                sockets.option(SockOpt.SO_REUSEADDR, true);
            }
            config = new ServerConfig(Optional.empty(), Ports.parseListening(p.matchedPositionalValue(0, "")), sockets.build(),
                    Fault.NONE);
            if (p.hasMatchedOption("--bind")) {
                config = config.withBindAddress(ServerConfig.parseBindAddress(p.matchedOptionValue("--bind", "")));
            }
            if (config.sockets().accepted().readTimeoutMillis() > 0
                    && (model == Model.SELECT || model == Model.WORKERS || model == Model.GREETING)) {
                throw new IllegalArgumentException("SO_TIMEOUT is the timeout of a blocking read; the " + model.name()
                        .toLowerCase(java.util.Locale.ROOT) + " model never blocks in a read, so it has none");
            }
            LabMessages messages = new LabMessages(out, "");
            int workers = ServerConfig.parsePositive(
                    p.matchedOptionValue("--workers", model == Model.WORKERS ? "5" : "4"), "--workers");
            int perWorker = ServerConfig.parsePositive(p.matchedOptionValue("--per-worker", "2"), "--per-worker");
            server = switch (model) {
                case THREAD -> new ThreadPerConnectionServer(config, messages, Thread::new);
                case VIRTUAL -> new ThreadPerConnectionServer(config, messages, virtualThreads());
                case POOL -> new PoolServer(config, messages, workers);
                case SELECT -> new SelectorServer(config, messages, 1, 0);
                case WORKERS -> new SelectorServer(config, messages, workers, perWorker);
                case GREETING -> new GreetingServer(config, messages);
            };
        } catch (ParameterException e) {
            err.println(NAME + ": " + e.getMessage() + " (see --help)");
            return 2;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        try {
            server.start();
        } catch (BindException e) {
            err.println(NAME + ": " + ListeningSockets.explainBindFailure(config, e));
            return 1;
        } catch (SocketOptionException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": cannot listen on port " + config.port() + ": " + e.getMessage());
            return 1;
        }
        Signal.handle(new Signal("INT"), signal -> server.close());
        Signal.handle(new Signal("TERM"), signal -> server.close());
        server.run();
        return 0;
    }

    /** A factory of virtual threads through reflection, so that the jar stays Java 17 bytecode. */
    static ThreadFactory virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("the virtual model needs JDK 21 or newer (this is JDK "
                    + Runtime.version().feature() + "); run it with a newer java, or use --model thread");
        } catch (ClassNotFoundException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make virtual threads", e);
        }
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().description("Concurrent echo servers for the labs after the sequential one: the same echo"
                + " protocol and socket options under another server model.");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("PORT").arity("0..1").type(String.class)
                .description("Port to listen on (1-65535, or 0 for a free one the kernel picks).").build());
        spec.addOption(OptionSpec.builder("--model").paramLabel("MODEL").type(String.class).required(true)
                .description("thread, pool, select, workers, virtual (JDK 21+), or greeting (not an echo: hello, goodbye, close).").build());
        spec.addOption(OptionSpec.builder("--workers").paramLabel("N").type(String.class)
                .description("pool: threads started in advance (default 4); workers: selector threads (default 5).")
                .build());
        spec.addOption(OptionSpec.builder("--per-worker").paramLabel("M").type(String.class)
                .description("workers: the most connections per selector thread (default 2).").build());
        spec.addOption(OptionSpec.builder("--backlog").paramLabel("N").type(String.class)
                .description("listen(2) backlog (default 17).").build());
        spec.addOption(OptionSpec.builder("--reuse-address").arity("0").description("Set SO_REUSEADDR before bind.")
                .build());
        spec.addOption(OptionSpec.builder("-o", "--option").paramLabel("NAME=VALUE").type(List.class)
                .auxiliaryTypes(String.class).description("Set a socket option, as on echo-server.").build());
        spec.addOption(OptionSpec.builder("--bind").paramLabel("ADDRESS").type(String.class)
                .description("Local address to listen on (default 0.0.0.0).").build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0").description("Debug logging (live counts).")
                .build());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.")
                .build());
        return spec;
    }
}
