package org.socketlab.concurrent;

import java.util.Locale;
import org.socketlab.concurrent.posix.MultiplexingServer;
import org.socketlab.concurrent.posix.SigioServer;
import org.socketlab.concurrent.posix.SmartSelectServer;
import org.socketlab.concurrent.process.PreforkServer;
import org.socketlab.concurrent.process.ProcessPerConnectionServer;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.BlockingServer;
import org.socketlab.server.ConnectionExecutors;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;

/** The server models of the sequential, concurrent-servers and I/O-multiplexing labs, one line each. */
public enum Model {
    /** The lab's sequential server: the accept loop serves each client itself. */
    SEQUENTIAL,
    /** A thread per connection: lab 2's server with threads where the C lab forks (PROCESS forks). */
    THREAD,
    /** N sequential servers started in advance, each blocking in accept() on the one listening socket. */
    POOL,
    /** One thread, one JDK selector (epoll on Linux): non-blocking accept, reads and writes. */
    SELECTOR,
    /** One thread calling select(2) itself over every socket's descriptor, as the C lab does; FD_SETSIZE 1,024. */
    SELECT,
    /** One thread calling poll(2) itself over every socket's descriptor: no FD_SETSIZE. */
    POLL,
    /** N selector threads sharing the listening socket, each serving at most M connections. */
    WORKERS,
    /** A virtual thread per connection (JDK 21 or newer), carried by N platform threads. */
    VIRTUAL,
    /** Lab 2's TCPechod: a child process per connection, the connection as its standard input; reaped on exit. */
    PROCESS,
    /** Lab 2's pool of processes: N child processes started in advance, each a sequential server on the socket. */
    PREFORK,
    /** Not an echo: the I/O lab's asynchronous greeting server (hello, goodbye, close). */
    GREETING,
    /** Not an echo: demand-accept.c, the greeting sent from a SIGIO handler (F_SETOWN, O_ASYNC). */
    SIGIO,
    /** smart-select.c: N processes started in advance, each select(2) over the shared socket and at most M clients. */
    SMART_SELECT;

    /**
     * The server of this model.
     *
     * @param workers the pool's threads, the processes of {@link #PREFORK} and {@link #SMART_SELECT}, the selector
     *     threads of {@link #WORKERS}, or the carrier threads of {@link #VIRTUAL} (0: one per core)
     * @param perWorker the most connections per selector thread of {@link #WORKERS} or process of {@link
     *     #SMART_SELECT}
     */
    public ServerModel create(ServerConfig config, LabMessages messages, int workers, int perWorker) {
        return switch (this) {
            case SEQUENTIAL ->
                new BlockingServer(config, EchoHandler::new, messages, 1, ConnectionExecutors.acceptLoop());
            case THREAD ->
                new BlockingServer(config, EchoHandler::new, messages, 1, ConnectionExecutors.threadPerConnection());
            case VIRTUAL ->
                new BlockingServer(
                        config, EchoHandler::new, messages, 1, ConnectionExecutors.virtualThreadPerConnection(workers));
            case POOL ->
                new BlockingServer(config, EchoHandler::new, messages, workers, ConnectionExecutors.acceptLoop());
            case SELECTOR -> new SelectorServer(config, messages, 1, 0);
            case SELECT -> MultiplexingServer.select(config, messages);
            case POLL -> MultiplexingServer.poll(config, messages);
            case WORKERS -> new SelectorServer(config, messages, workers, perWorker);
            case GREETING -> new GreetingServer(config, messages);
            case SIGIO -> new SigioServer(config, messages);
            case SMART_SELECT -> new SmartSelectServer(config, messages, workers, perWorker);
            case PROCESS -> new ProcessPerConnectionServer(config, messages, true);
            case PREFORK -> new PreforkServer(config, messages, workers);
        };
    }

    /**
     * Whether the model's reads never block, so that a read timeout (SO_TIMEOUT) means nothing to it. The process
     * models' children do block in their reads: their servers say themselves why SO_TIMEOUT cannot reach them.
     */
    public boolean nonBlocking() {
        return switch (this) {
            case SELECTOR, SELECT, POLL, WORKERS, GREETING, SIGIO, SMART_SELECT -> true;
            case SEQUENTIAL, THREAD, POOL, VIRTUAL, PROCESS, PREFORK -> false;
        };
    }

    /** The command-line spelling, e.g. {@code thread}, {@code smart-select}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the command-line spelling, e.g. {@code thread}. */
    public static Model parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model '" + text
                    + "': the models are sequential, thread, pool, selector, select, poll, workers, virtual,"
                    + " greeting, sigio, smart-select, process and prefork");
        }
    }
}
