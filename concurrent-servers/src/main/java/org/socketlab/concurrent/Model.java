package org.socketlab.concurrent;

import java.util.Locale;
import org.socketlab.concurrent.process.PreforkServer;
import org.socketlab.concurrent.process.ProcessPerConnectionServer;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.BlockingServer;
import org.socketlab.server.Executions;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;

/** The server models of the sequential, concurrent-servers and I/O-multiplexing labs, one line each. */
public enum Model {
    /** The lab's sequential server: the accept loop serves each client itself. */
    SEQUENTIAL,
    /** A thread per connection, the Java form of fork() per connection. */
    THREAD,
    /** N sequential servers started in advance, each blocking in accept() on the one listening socket. */
    POOL,
    /** One thread, one selector: non-blocking accept, reads and writes. */
    SELECT,
    /** N selector threads sharing the listening socket, each serving at most M connections. */
    WORKERS,
    /** A virtual thread per connection (JDK 21 or newer), carried by N platform threads. */
    VIRTUAL,
    /** Lab 2's TCPechod: a child process per connection, the connection as its standard input; reaped on exit. */
    PROCESS,
    /** Lab 2's pool of processes: N child processes started in advance, each a sequential server on the socket. */
    PREFORK,
    /** Not an echo: the I/O lab's asynchronous greeting server (hello, goodbye, close). */
    GREETING;

    /**
     * The server of this model.
     *
     * @param workers the pool's threads, the processes of {@link #PREFORK}, the selector threads of {@link #WORKERS}, or the carrier threads of
     *     {@link #VIRTUAL} (0: one per core)
     * @param perWorker the most connections per selector thread of {@link #WORKERS}
     */
    public ServerModel create(ServerConfig config, LabMessages messages, int workers, int perWorker) {
        return switch (this) {
            case SEQUENTIAL -> new BlockingServer(config, EchoHandler::new, messages, 1, Executions.acceptLoop());
            case THREAD -> new BlockingServer(config, EchoHandler::new, messages, 1, Executions.threadPerConnection());
            case VIRTUAL ->
                new BlockingServer(
                        config, EchoHandler::new, messages, 1, Executions.virtualThreadPerConnection(workers));
            case POOL -> new BlockingServer(config, EchoHandler::new, messages, workers, Executions.acceptLoop());
            case SELECT -> new SelectorServer(config, messages, 1, 0);
            case WORKERS -> new SelectorServer(config, messages, workers, perWorker);
            case GREETING -> new GreetingServer(config, messages);
            case PROCESS -> new ProcessPerConnectionServer(config, messages, true);
            case PREFORK -> new PreforkServer(config, messages, workers);
        };
    }

    /** Whether the model's reads never block, so that a read timeout (SO_TIMEOUT) means nothing to it. */
    public boolean nonBlocking() {
        return this == SELECT || this == WORKERS || this == GREETING;
    }

    /** The command-line spelling, e.g. {@code thread}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the command-line spelling, e.g. {@code thread}. */
    public static Model parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown model '" + text
                            + "': the models are sequential, thread, pool, select, workers, virtual, greeting, process and prefork");
        }
    }
}
