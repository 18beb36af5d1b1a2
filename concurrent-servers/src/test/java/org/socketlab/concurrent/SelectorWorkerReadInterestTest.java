package org.socketlab.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.options.OptionSet;
import org.socketlab.options.SockOpt;
import org.socketlab.options.SocketRole;
import org.socketlab.server.AcceptFailures;
import org.socketlab.server.LabMessages;

/**
 * A selector worker watches a connection for reading only while reading can make progress: not while its buffer
 * is full and not after EOF. Otherwise the key stays ready (unread bytes, or the EOF that reads as -1 each time)
 * and select() returns at once forever: one core spent on a client that merely does not read.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorWorkerReadInterestTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private ServerSocketChannel listener;
    private SelectorWorker worker;
    private Thread thread;

    @BeforeEach
    void startWorker() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.configureBlocking(false);
        // The kernel raises SO_SNDBUF 1 to its minimum: the echo backs up into the worker's buffer at once.
        OptionSet accepted =
                OptionSet.builder(SocketRole.ACCEPTED).set(SockOpt.SO_SNDBUF, 1).build();
        LabMessages quiet = new LabMessages(new PrintStream(OutputStream.nullOutputStream()), "");
        worker = new SelectorWorker(listener, accepted, quiet, new AcceptFailures(quiet), 0);
        thread = new Thread(worker, "selector-worker-under-test");
        thread.start();
    }

    @AfterEach
    void stopWorker() throws Exception {
        listener.close();
        worker.stop();
        thread.join(WAIT.toMillis());
    }

    /** A client that reads as little as the kernel allows (SO_RCVBUF 1 is raised to the minimum). */
    private SocketChannel connectSlowReader() throws IOException {
        SocketChannel client = SocketChannel.open();
        client.setOption(StandardSocketOptions.SO_RCVBUF, 1);
        client.connect(listener.getLocalAddress());
        return client;
    }

    private static String describe(int ops) {
        if (ops < 0) {
            return "no key";
        }
        String read = (ops & SelectionKey.OP_READ) != 0 ? "OP_READ" : "";
        String write = (ops & SelectionKey.OP_WRITE) != 0 ? "OP_WRITE" : "";
        if (read.isEmpty() || write.isEmpty()) {
            return (read + write).isEmpty() ? "none" : read + write;
        }
        return read + "|" + write;
    }

    /** Waits until the worker's interest in the client's connection is {@code expected}, running {@code step}. */
    private void awaitInterest(SocketChannel client, int expected, String why, IoStep step) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) client.getLocalAddress();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
                step.run();
                return worker.interestOps(peer) == expected;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("interest in the connection from port " + peer.getPort() + " " + why
                    + ": expected " + describe(expected) + ", seen " + describe(worker.interestOps(peer)) + " for "
                    + WAIT.toSeconds() + " s");
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    @Test
    void readInterestIsDroppedWhileTheBufferIsFull() throws IOException {
        try (SocketChannel client = connectSlowReader()) {
            client.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(16 << 10);
            awaitInterest(client, SelectionKey.OP_WRITE, "once its 64 KiB buffer is full", () -> {
                while (client.write(chunk.clear()) > 0) {
                    // send until the kernel takes no more: the client never reads
                }
            });
        }
    }

    @Test
    void readInterestIsDroppedAtEofWhileTheEchoStillWaits() throws IOException {
        try (SocketChannel client = connectSlowReader()) {
            ByteBuffer sent = ByteBuffer.allocate(48 << 10); // less than the worker's buffer: it reads it all
            while (sent.hasRemaining()) {
                client.write(sent);
            }
            awaitInterest(
                    client,
                    SelectionKey.OP_READ | SelectionKey.OP_WRITE,
                    "with room left and the echo waiting",
                    () -> {});
            client.shutdownOutput();
            awaitInterest(client, SelectionKey.OP_WRITE, "after EOF, with the echo still waiting", () -> {});
            ByteBuffer echo = ByteBuffer.allocate(sent.capacity() + 1);
            while (client.read(echo) >= 0) {
                assertThat(echo.position()).as("echoed bytes").isLessThanOrEqualTo(sent.capacity());
            }
            assertThat(echo.position())
                    .as("echoed bytes before the worker closed")
                    .isEqualTo(sent.capacity());
        }
    }
}
