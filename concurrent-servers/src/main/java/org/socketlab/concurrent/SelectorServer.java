package org.socketlab.concurrent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerModel;

/**
 * Selector threads sharing one non-blocking listening socket: {@link Model#SELECT} is one of them without a
 * limit; {@link Model#WORKERS} is N of them with at most M connections each (the lab's MAXPROCESSES and
 * MAXCONNECTIONS). A worker that dies is replaced, as the C parent refills its pool on SIGCHLD.
 */
public final class SelectorServer implements ServerModel {
    private final ServerConfig config;
    private final LabMessages messages;
    private final int workers;
    private final int perWorker;
    private final List<SelectorWorker> running = new ArrayList<>();
    private final LinkedBlockingQueue<String> died = new LinkedBlockingQueue<>();
    private final SharedListener listener;
    private volatile boolean closing;

    /**
     * @param workers selector threads, at least 1
     * @param perWorker the most connections per worker, 0 for no limit
     */
    public SelectorServer(ServerConfig config, LabMessages messages, int workers, int perWorker) {
        if (workers < 1 || perWorker < 0) {
            throw new IllegalArgumentException("bad --workers " + workers + " or --per-worker " + perWorker
                    + ": expected at least 1 worker and 0 (no limit) or more connections per worker");
        }
        this.config = config;
        this.messages = messages;
        this.workers = workers;
        this.perWorker = perWorker;
        this.listener = new SharedListener(config, messages, false);
    }

    @Override
    public InetSocketAddress start() throws IOException {
        return listener.open();
    }

    /** Starts the workers, then replaces any that dies, until {@link #close()}. */
    @Override
    public void run() {
        listener.channel(); // throws before start()
        try {
            for (int i = 1; i <= workers; i++) {
                startWorker(String.valueOf(i));
            }
            while (!closing) {
                String label = died.take();
                if (!closing) {
                    messages.workerReplaced(label, "its thread ended");
                    startWorker(label);
                }
            }
        } catch (IOException e) {
            messages.acceptFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            messages.stopped();
        }
    }

    private synchronized void startWorker(String label) throws IOException {
        SelectorWorker worker = new SelectorWorker(listener.channel(), config.sockets().accepted(),
                messages.forWorker(label), perWorker);
        running.add(worker);
        Thread thread = new Thread(() -> {
            try {
                worker.run();
            } finally {
                synchronized (this) {
                    running.remove(worker);
                }
                died.add(label);
            }
        }, "selector-worker-" + label);
        thread.start();
    }

    @Override
    public synchronized int liveConnections() {
        return running.stream().mapToInt(SelectorWorker::connections).sum();
    }

    @Override
    public void close() {
        closing = true;
        listener.close();
        List<SelectorWorker> workersNow;
        synchronized (this) {
            workersNow = List.copyOf(running);
        }
        workersNow.forEach(SelectorWorker::stop);
        died.add("closing");
    }
}
