package org.socketlab.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection of a run, driven by its {@link EventLoop}'s selector: it connects without blocking, sends the
 * {@link EchoPattern} and checks every byte of the echo. In rtt mode one message is in flight at a time; in conn
 * mode each operation is a whole connection (connect, echo, close); in stream mode chunks are written while the
 * echo is read. Confined to its loop's thread; the report reads the results once the loop has ended.
 */
final class Connection {
    private final int index;
    private final BenchConfig config;
    private final EventLoop loop;
    private SocketChannel channel;
    private SelectionKey key;
    private long sent;
    private long received;
    private long opStart;
    private long opsDone;
    private long firstConnectStart;

    /** From the start of the first connect to the first complete echo; -1 while there has been none. */
    long waited = -1;

    int localPort;
    /** Operations, bytes and their span inside the measured part of the run. */
    long ops;

    long bytes;
    long measuredStart;
    long measuredEnd;
    /** Why the connection stopped early, or null. */
    String failure;

    boolean finished;

    Connection(int index, BenchConfig config, EventLoop loop) {
        this.index = index;
        this.config = config;
        this.loop = loop;
    }

    int index() {
        return index;
    }

    void start() {
        firstConnectStart = System.nanoTime();
        try {
            connect();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void connect() throws IOException {
        opStart = System.nanoTime(); // a round trip's or a connection's latency includes the connect
        sent = 0;
        received = 0;
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // as echo_load.c: measure the server, not Nagle
        boolean connected = channel.connect(config.server());
        key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
        if (connected) {
            connected();
        }
    }

    private void connected() throws IOException {
        localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        write();
    }

    /** Called by the loop when the selector finds the channel ready. */
    void ready() {
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                connected();
                return;
            }
            SelectionKey current = key;
            if (current.isReadable()) {
                read();
            }
            if (current == key && key.isValid() && current.isWritable()) {
                write();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** How many bytes this channel should have sent by now. */
    private long writeTarget() {
        return switch (config.mode()) {
            case RTT -> (opsDone + 1) * config.size();
            case CONN -> config.size();
            case STREAM ->
                config.count()
                        .map(c -> (config.warmUpOps() + c) * config.size())
                        .orElse(Long.MAX_VALUE);
        };
    }

    private void write() throws IOException {
        long target = writeTarget();
        while (sent < target) {
            int n = channel.write(EchoPattern.at(index, sent, (int) Math.min(EchoPattern.MAX_SLICE, target - sent)));
            if (n == 0) {
                break; // the send buffer is full: OP_WRITE tells when it has room again
            }
            sent += n;
        }
        key.interestOps(SelectionKey.OP_READ | (sent < target ? SelectionKey.OP_WRITE : 0));
    }

    private void read() throws IOException {
        ByteBuffer in = loop.readBuffer();
        in.clear().limit((int) Math.max(1, Math.min(in.capacity(), sent - received)));
        int n = channel.read(in);
        if (n < 0) {
            throw new EOFException(
                    "the server closed the connection after echoing " + received + " of " + sent + " bytes");
        }
        if (received + n > sent) {
            throw new IOException("the server sent " + (received + n - sent) + " bytes more than it was sent");
        }
        int mismatch = in.flip().mismatch(EchoPattern.at(index, received, n));
        if (mismatch >= 0) {
            throw new IOException("byte " + (received + mismatch) + " of the echo differs from the byte sent");
        }
        received += n;
        long now = System.nanoTime();
        switch (config.mode()) {
            case RTT -> {
                if (received == sent) {
                    record(opStart, now, true);
                    opStart = now;
                    next(this::write);
                }
            }
            case CONN -> {
                if (received == config.size()) {
                    channel.close();
                    record(opStart, now, true);
                    next(this::connect);
                }
            }
            case STREAM -> {
                while (received >= (opsDone + 1) * config.size()) {
                    record(now, now, false);
                }
                if (!loop.more(opsDone)) {
                    finish();
                }
            }
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private void next(Step step) throws IOException {
        if (loop.more(opsDone)) {
            step.run();
        } else {
            finish();
        }
    }

    private void record(long began, long ended, boolean withLatency) {
        opsDone++;
        if (waited < 0) {
            waited = ended - firstConnectStart;
        }
        if (!loop.completed(opsDone, began, ended)) {
            return;
        }
        if (ops == 0) {
            measuredStart = began;
        }
        ops++;
        bytes += config.size();
        measuredEnd = ended;
        if (withLatency) {
            loop.recordLatency(ended - began);
        }
    }

    void fail(IOException e) {
        if (!loop.pastDeadline()) {
            failure = String.valueOf(e.getMessage());
        }
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            if (config.duration().isPresent()) {
                abort(); // a timed run ends every connection alike, as the deadline does
            } else {
                close();
            }
            loop.finished();
        }
    }

    private void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing at the end of the run; nothing is waiting for this connection
            }
        }
    }

    /**
     * Ends a connection of a timed run with a RST (SO_LINGER 0) instead of a FIN: closing first would
     * leave it in TIME_WAIT for a minute, and tens of thousands of those slow down the next run's connects while the
     * kernel searches for a free local port.
     */
    void abort() {
        if (channel != null && channel.isOpen()) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // not connected yet: there is no TIME_WAIT to avoid
            }
        }
        close();
    }
}
