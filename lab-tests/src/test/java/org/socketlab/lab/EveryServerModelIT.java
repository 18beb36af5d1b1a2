package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.Experiments.withPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.ProcessView;
import org.socketlab.options.TcpState;

/**
 * One scenario, every server model (the sequential server of this lab and the concurrent models of the next):
 * what the lab asks students to compare.
 */
@LabExperiment
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EveryServerModelIT {

    private static LabProcess listening(Lab lab, String model, int port, String... options) {
        return awaitListening(lab.serverModel(model, withPort(options, port)), port);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"sequential", "thread", "pool", "selector", "select", "poll", "workers", "process", "prefork"})
    void aSecondClientIsEchoedAtOnceByEveryConcurrentModelButWaitsForTheSequentialOne(String model, Lab lab) {
        int port = lab.freePort();
        listening(lab, model, port);
        LabProcess a = connectedClient(lab, "client A", port);
        echo(a, "A");
        LabProcess b = connectedClient(lab, "client B", port);
        if (model.equals("sequential")) {
            b.send("B\n");
            echo(a, "A again"); // the server is busy with A, so B's line waits
            assertThat(b.stdoutLines()).isEmpty();
            a.closeStdin();
            b.awaitLine("^B$", WAIT);
        } else {
            echo(b, "B"); // while A is still connected
            assertThat(a.isAlive()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "pool", "selector", "workers"})
    void aLongLivedClientAndOneThatLeavesNeverStallANewOne(String model, Lab lab) {
        int port = lab.freePort();
        listening(lab, model, port);
        LabProcess a = connectedClient(lab, "long-lived A", port);
        echo(a, "A stays");
        LabProcess b = connectedClient(lab, "B leaves", port);
        echo(b, "B");
        b.closeStdin();
        assertThat(b.awaitExit(WAIT)).isZero();
        echo(connectedClient(lab, "C", port), "C is not stalled");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "select", "poll", "workers"})
    void clientsThatResetOrLeaveWithoutReadingAreReportedAndTheServerServesOn(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = listening(lab, model, port);
        try (SocketChannel leaver = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            leaver.write(ByteBuffer.allocate(20 * 1024)); // 20 KB, never read: its close sends a RST
        }
        try (SocketChannel resetter = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            resetter.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        server.awaitLine("failed after \\d+ bytes echoed: ", WAIT);
        echo(connectedClient(lab, "next client", port), "still serving");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "pool", "selector", "select", "poll", "workers"})
    void afterTheClientsLeaveNoDescriptorOrConnectionIsLeftBehind(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = listening(lab, model, port, "--workers", "8", "--per-worker", "4"); // room for all 8
        LabProcess warmUp = connectedClient(lab, "warm-up", port);
        echo(warmUp, "warm-up");
        warmUp.closeStdin();
        await().atMost(WAIT)
                .until(() -> lab.kernel().connections().stream()
                        .noneMatch(c -> c.local().getPort() == port && c.inode() != 0 && c.state() != TcpState.LISTEN));
        long fdsBefore = ProcessView.of(server).openFds();
        long threadsBefore = ProcessView.of(server).threads();

        List<SocketChannel> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            c.write(ByteBuffer.wrap(new byte[] {'x', '\n'}));
            clients.add(c);
        }
        for (SocketChannel c : clients) {
            ByteBuffer echo = ByteBuffer.allocate(2);
            while (echo.hasRemaining() && c.read(echo) >= 0) {
                // every client is echoed while the others are connected
            }
            assertThat(echo.position()).isEqualTo(2);
        }
        for (SocketChannel c : clients) {
            c.close();
        }
        await().atMost(WAIT)
                .until(() -> lab.kernel().connections().stream()
                        .noneMatch(c -> c.local().getPort() == port && c.inode() != 0 && c.state() != TcpState.LISTEN));
        ProcessView process = ProcessView.of(server);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(process.openFds()).as("descriptors").isEqualTo(fdsBefore));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(process.threads()).as("threads").isEqualTo(threadsBefore));
    }

    @Test
    void workers2x2Serve4ClientsAndTheFifthWaitsInTheBacklogUntilASlotFrees(Lab lab) {
        int port = lab.freePort();
        listening(lab, "workers", port, "--workers", "2", "--per-worker", "2");
        List<LabProcess> first4 = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            LabProcess c = connectedClient(lab, "client " + i, port);
            echo(c, "client " + i);
            first4.add(c);
        }
        LabProcess fifth = connectedClient(lab, "client 5", port); // the handshake completes: the kernel queues it
        int fifthPort = localPort(fifth);
        fifth.send("fifth\n");
        echo(first4.get(0), "client 1 again"); // the servers are busy with the four
        assertThat(fifth.stdoutLines())
                .as("the fifth's echo while all slots are taken")
                .isEmpty();
        assertThat(lab.kernel().find(port, fifthPort).orElseThrow().inode())
                .as("not accepted yet")
                .isZero();
        first4.get(3).closeStdin();
        fifth.awaitLine("^fifth$", WAIT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "select", "poll", "workers"})
    void noModelSpinsWhileItsClientsAreIdle(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = model.equals("sequential")
                ? listening(lab, model, port)
                : listening(lab, model, port, "--workers", "2", "--per-worker", "1");
        echo(connectedClient(lab, "idle A", port), "A");
        connectedClient(lab, "idle B", port); // served or queued, depending on the model: idle either way
        long before = ProcessView.of(server).cpuTicks();
        // A measurement window, not synchronisation: how much CPU the server burns while nothing happens.
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        long used = ProcessView.of(server).cpuTicks() - before;
        assertThat(used).as("CPU ticks (1/100 s) in one idle second").isLessThanOrEqualTo(3);
    }

    /**
     * Waits for a second in which the server uses at most 3 CPU ticks (1/100 s): it may finish what it was doing,
     * but a server that spins never gets there (a spinning selector burns 100 a second).
     */
    private static void awaitQuiet(ProcessView process, String with) throws Exception {
        long[] last = {process.cpuTicks(), System.nanoTime()};
        double[] perSecond = {-1};
        try {
            await().pollDelay(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> {
                        long ticks = process.cpuTicks();
                        long now = System.nanoTime();
                        perSecond[0] = (ticks - last[0]) * 1e9 / (now - last[1]);
                        last[0] = ticks;
                        last[1] = now;
                        return perSecond[0] <= 3;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(String.format(
                    "the server never went quiet with %s: expected at most 3 CPU ticks"
                            + " (1/100 s) a second, the last second it used %.0f",
                    with, perSecond[0]));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "select", "poll", "workers"})
    void aClientThatSendsWithoutReadingThenHalfClosesCostsNoModelMoreThanAFewTicks(String model, Lab lab)
            throws Exception {
        int port = lab.freePort();
        LabProcess server = listening(lab, model, port);
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            client.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
            long[] sent = {0};
            // Send, never read, until the echo backs up everywhere: the client's receive queue, the server's
            // buffer, then the server's receive queue. A selector must now stop watching this connection.
            await().atMost(WAIT).until(() -> {
                for (int n = client.write(chunk.clear()); n > 0; n = client.write(chunk.clear())) {
                    sent[0] += n;
                }
                return lab.kernel()
                                .find(port, clientPort)
                                .map(c -> c.receiveQueue() > 0)
                                .orElse(false)
                        && lab.kernel()
                                .find(clientPort, port)
                                .map(c -> c.receiveQueue() > 0)
                                .orElse(false);
            });
            client.shutdownOutput(); // its FIN waits behind the unread bytes
            awaitQuiet(
                    ProcessView.of(server),
                    "a client that sent " + sent[0] + " bytes, reads nothing and has" + " half-closed");
            ByteBuffer in = ByteBuffer.allocate(64 << 10);
            long[] echoed = {0};
            try {
                // Once the client reads, the rest of the echo and the server's close follow within milliseconds.
                await().atMost(BoundedRoundTrip.STALL).until(() -> {
                    for (int n = client.read(in.clear()); n != 0; n = client.read(in.clear())) {
                        if (n < 0) {
                            return true;
                        }
                        echoed[0] += n;
                    }
                    return false;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no end of stream within " + BoundedRoundTrip.STALL + " after " + echoed[0]
                        + " of " + sent[0] + " bytes echoed; the kernel has "
                        + lab.kernel().describePort(port));
            }
            assertThat(echoed[0]).as("bytes echoed once the client reads").isEqualTo(sent[0]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "select", "poll", "workers", "process"})
    void aTinyServerSendBufferLosesNoByteOfAnEightMibEcho(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        // SO_SNDBUF 1 is raised to the kernel's minimum, a few KiB: most non-blocking writes of a selector are partial.
        listening(lab, model, port, "-o", "SO_SNDBUF=1");
        BoundedRoundTrip.run(lab, port, 8L << 20, 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "pool", "selector", "workers"})
    void noModelLosesOrCorruptsAByteOfAGibibyteAcross16Connections(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        listening(lab, model, port, "--workers", "16", "--per-worker", "2");
        long perConnection = 64L << 20;
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Void>> connections = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                long seed = i;
                connections.add(threads.submit(() -> {
                    BoundedRoundTrip.run(lab, port, perConnection, seed);
                    return null;
                }));
            }
            for (Future<Void> c : connections) {
                c.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
