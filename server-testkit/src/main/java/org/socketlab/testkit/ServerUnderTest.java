package org.socketlab.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.socketlab.server.ServerModel;

/**
 * A student's server, started for the scenarios: a {@link ServerModel} run in this JVM, or any command run as a
 * child process on a free port (and, for {@link #underOpenFilesLimit}, under {@code prlimit}). {@link #close()} stops
 * it and checks that nothing of it is left running.
 */
public final class ServerUnderTest implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String name;
    private final InetSocketAddress address;
    private final ServerModel model;
    private final Thread loop;
    private final Process process;
    private final IntFunction<List<String>> command;

    private ServerUnderTest(
            String name,
            InetSocketAddress address,
            ServerModel model,
            Thread loop,
            Process process,
            IntFunction<List<String>> command) {
        this.name = name;
        this.address = address;
        this.model = model;
        this.loop = loop;
        this.process = process;
        this.command = command;
    }

    /**
     * Starts a server model (listening on loopback, port 0, is the model's configuration) and runs its accept loop on
     * a thread of its own.
     *
     * @throws IOException if the model cannot listen
     */
    public static ServerUnderTest start(ServerModel model) throws IOException {
        InetSocketAddress local = model.start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), local.getPort());
        String name = model.getClass().getSimpleName();
        Thread loop = new Thread(model::run, "server-under-test-" + local.getPort());
        loop.start();
        return new ServerUnderTest(name, address, model, loop, null, null);
    }

    /**
     * Starts a command, e.g. {@code java -jar my-server.jar PORT}, and waits until it accepts connections on
     * loopback.
     *
     * @param command the command line for a port: {@code port -> List.of("java", "-jar", "s.jar", "" + port)}
     * @throws AssertionError if it exits or does not listen within 10 s
     */
    public static ServerUnderTest command(IntFunction<List<String>> command) throws IOException {
        int port = freePort();
        List<String> line = command.apply(port);
        Process process = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!accepts(address)) {
            if (!process.isAlive()) {
                throw new AssertionError("expected " + String.join(" ", line) + " to listen on port " + port
                        + "; observed: it exited with status " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("expected " + String.join(" ", line) + " to listen on port " + port
                        + " within " + WAIT.toSeconds() + " s; observed: connections refused all along");
            }
            Waits.pause();
        }
        return new ServerUnderTest(String.join(" ", line), address, null, null, process, command);
    }

    /**
     * Starts this server's command again, on another free port, under an open-files limit: {@code prlimit
     * --nofile=LIMIT:LIMIT COMMAND}, what {@code ulimit -n LIMIT} sets in a shell.
     *
     * @throws IllegalStateException if the server runs in this JVM, whose limit it shares (see {@link #isCommand()})
     * @throws AssertionError as {@link #command}
     */
    public ServerUnderTest underOpenFilesLimit(int limit) throws IOException {
        if (command == null) {
            throw new IllegalStateException(name + " runs in this JVM and shares its open-files limit: only a server"
                    + " started with ServerUnderTest.command can run under a limit of its own");
        }
        return command(port -> {
            List<String> limited = new ArrayList<>(List.of("prlimit", "--nofile=" + limit + ":" + limit));
            limited.addAll(command.apply(port));
            return limited;
        });
    }

    /** Whether the server is a command run as a child process, rather than a model run in this JVM. */
    public boolean isCommand() {
        return command != null;
    }

    /** Whether {@code prlimit} (util-linux), which {@link #underOpenFilesLimit} runs, is on the {@code PATH}. */
    public static boolean prlimitOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "prlimit"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the server still runs: its accept loop has not returned, its process has not exited. */
    public boolean isRunning() {
        return model != null ? loop.isAlive() : process.isAlive();
    }

    /** How the server ended, for a failure message, once {@link #isRunning()} is false. */
    String howItEnded() {
        return model != null ? "its run() returned" : "it exited with status " + process.exitValue();
    }

    /** Where clients connect: loopback and the server's port. */
    public InetSocketAddress address() {
        return address;
    }

    /** The server's name in failure messages. */
    public String name() {
        return name;
    }

    /**
     * Stops the server (close() on a model, SIGTERM to a command) and checks that nothing is left running: its
     * accept loop or process ended within 10 s and its port refuses connections.
     *
     * @throws AssertionError naming what is still running
     */
    @Override
    public void close() {
        try {
            if (model != null) {
                model.close();
                loop.join(WAIT.toMillis());
                if (loop.isAlive()) {
                    throw new AssertionError("expected " + name + "'s run() to return within " + WAIT.toSeconds()
                            + " s of close(); observed: it is still running (" + loop.getState() + ")");
                }
            } else {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("expected " + name + " to exit within " + WAIT.toSeconds()
                            + " s of SIGTERM; observed: it was still running");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + name + " stopped", e);
        }
        if (accepts(address)) {
            throw new AssertionError("expected port " + address.getPort() + " to refuse connections once " + name
                    + " was closed; observed: a connection was accepted (the listening socket is still open)");
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try {
            SocketChannel.open(address).close();
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** A port below 32768 (outside Linux's ephemeral range) that nothing listens on now. */
    private static int freePort() {
        for (int tries = 0; tries < 100; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32768);
            try {
                new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port between 20000 and 32767 in 100 tries"));
    }
}
