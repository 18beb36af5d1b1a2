package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.Descriptors;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.Loggers;
import org.socketlab.server.Quietly;
import org.socketlab.server.ServerConfig;

/**
 * Selector threads sharing one non-blocking listening socket: {@link Model#SELECTOR} is one of them; {@link
 * Model#WORKERS} is N of them with at most M connections each (the lab's MAXPROCESSES and MAXCONNECTIONS). A
 * worker that dies is replaced, as the C parent refills its pool on SIGCHLD.
 */
public final class SelectorServer extends AbstractServer {
    private static final Logger LOG = Loggers.of(SelectorServer.class);
    private final ServerConfig config;
    private final LabMessages messages;
    private final int workers;
    private final int perWorker;
    private final Map<SelectorWorker, Thread> running = new LinkedHashMap<>();
    private final LinkedBlockingQueue<String> died = new LinkedBlockingQueue<>();
    private ServerSocketChannel listening;
    private volatile boolean closing;

    /**
     * @param workers selector threads, at least 1
     * @param perWorker the most connections per worker, 0 for no limit of its own; no worker serves more than
     *     its share of the server's {@link ServerConfig#effectiveMaxConnections()}
     */
    public SelectorServer(ServerConfig config, LabMessages messages, int workers, int perWorker) {
        super(messages);
        if (workers < 1 || perWorker < 0) {
            throw new IllegalArgumentException("bad worker count " + workers + " or connections per worker " + perWorker
                    + ": expected at least 1 worker and 0 (no limit) or more connections per worker");
        }
        this.config = config;
        this.messages = messages;
        this.workers = workers;
        int share = Math.max(1, config.effectiveMaxConnections() / workers);
        this.perWorker = perWorker == 0 ? share : Math.min(perWorker, share);
    }

    /** socket(), options, bind(), listen(), and non-blocking mode for the selectors. */
    @Override
    protected InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config);
        try {
            listening.configureBlocking(false);
        } catch (IOException e) {
            listening.close();
            throw e;
        }
        LOG.debug(
                "{} selector thread(s), at most {} connections each, {} in all (open-files limit {})",
                workers,
                perWorker,
                config.effectiveMaxConnections(),
                Descriptors.describeLimit());
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        messages.listening(local);
        return local;
    }

    /** Starts the workers, then replaces any that dies, until {@link #close()}. */
    @Override
    protected void serve() {
        try {
            for (int i = 1; i <= workers && !closing; i++) {
                startWorker(String.valueOf(i));
            }
            while (!closing) {
                String label = died.take();
                if (!closing) {
                    messages.workerReplaced(label, "its thread ended");
                    startWorker(label);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a worker; one whose selector cannot be opened (EMFILE) is reported, and the others go on. */
    private synchronized void startWorker(String label) {
        if (closing) {
            return; // shutDown() has taken its list of workers to stop and join
        }
        SelectorWorker worker;
        try {
            worker = new SelectorWorker(
                    listening, config.sockets().accepted(), messages.forWorker(label), acceptFailures, perWorker);
        } catch (IOException e) {
            messages.workerLost(label, "cannot open its selector: " + e.getMessage());
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        worker.run();
                    } finally {
                        synchronized (this) {
                            running.remove(worker);
                        }
                        died.add(label);
                    }
                },
                "selector-worker-" + label);
        running.put(worker, thread);
        thread.start();
    }

    @Override
    public synchronized int liveConnections() {
        return running.keySet().stream().mapToInt(SelectorWorker::connections).sum();
    }

    /**
     * Closes the listening socket and stops every worker, and returns once their threads have ended. A channel
     * registered with a selector keeps its descriptor open until the last selector lets it go, so the socket stops
     * listening only when every worker's selector is closed: only then does close() return.
     */
    @Override
    protected void shutDown(boolean running) {
        Map<SelectorWorker, Thread> workersNow;
        synchronized (this) {
            closing = true; // under the lock: no worker starts after this list is taken
            workersNow = Map.copyOf(this.running);
        }
        Quietly.close(listening);
        workersNow.keySet().forEach(SelectorWorker::stop);
        died.add("closing");
        for (Thread thread : workersNow.values()) {
            if (thread != Thread.currentThread()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
