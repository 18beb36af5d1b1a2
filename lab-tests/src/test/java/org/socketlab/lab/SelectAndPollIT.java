package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.ProcessView;

/**
 * The I/O lab's select(2) and poll(2) servers, the calls made by the server itself: strace counts them, and no
 * epoll; select's FD_SETSIZE (1,024) refuses the connections it cannot watch, poll serves them all.
 */
@LabExperiment
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelectAndPollIT {
    private static final int CROWD = 1_100;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"select", "poll"})
    void a100ClientsAreEchoedByteExactThroughTheCallItselfAndNoEpoll(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        Strace traced = Strace.serverModel(lab, true, "", model, "--backlog", "200", String.valueOf(port));
        awaitListening(traced.process(), port);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] line = ("client " + i + " \u00e9\u0000\u00ff\n").getBytes(StandardCharsets.ISO_8859_1);
            clients.add(CompletableFuture.runAsync(() -> assertEchoed(port, line)));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        traced.stop();
        Map<String, Long> calls = traced.summary();
        long waits = model.equals("select")
                ? calls.getOrDefault("select", 0L) + calls.getOrDefault("pselect6", 0L)
                : calls.getOrDefault("poll", 0L) + calls.getOrDefault("ppoll", 0L);
        // One call serves every client ready at once: fewer calls than clients under a burst.
        assertThat(waits).as(model + " calls in " + calls).isPositive();
        assertThat(calls.keySet()).noneMatch(c -> c.startsWith("epoll_wait") || c.startsWith("epoll_pwait"));
    }

    @Test
    void selectRefusesTheDescriptorsBeyondFdSetsizeInOneLineEachAndServesTheFirstThousand(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = listening(lab, "select", port);
        long fdsBefore = ProcessView.of(server).openFds();
        try (SocketChannel first = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                Crowd crowd = Crowd.arrive(new InetSocketAddress("127.0.0.1", port), CROWD, false)) {
            await().atMost(WAIT).until(() -> crowd.echoed() + refusals(server) == CROWD);
            assertThat(crowd.wrongEcho()).isNull();
            String line = server.stdoutLines().stream()
                    .filter(l -> l.contains(" refused: "))
                    .findFirst()
                    .orElseThrow();
            assertThat(line)
                    .matches("Connection from 127\\.0\\.0\\.1 remote port \\d+ refused: its descriptor \\d{4,} is at or"
                            + " above FD_SETSIZE \\(1024\\), the most select\\(2\\) can watch; --model poll has no such"
                            + " limit; serving the others");
            // Every descriptor below 1,024 the server had free serves a client: all but those it held already.
            assertThat(crowd.echoed()).isBetween((int) (1024 - fdsBefore - 1 - 8), (int) (1024 - fdsBefore - 1));
            assertEchoed(first, "the first client is still served\n".getBytes());
        }
    }

    @Test
    void pollServesAllOf1100Clients(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = listening(lab, "poll", port);
        try (Crowd crowd = Crowd.arrive(new InetSocketAddress("127.0.0.1", port), CROWD, false)) {
            await().atMost(WAIT).until(() -> crowd.echoed() == CROWD);
            assertThat(crowd.wrongEcho()).isNull();
            assertThat(refusals(server)).isZero();
        }
    }

    private static LabProcess listening(Lab lab, String model, int port) {
        return awaitListening(lab.serverModel(model, "--backlog", "2048", String.valueOf(port)), port);
    }

    private static long refusals(LabProcess server) {
        return server.stdoutLines().stream()
                .filter(l -> l.contains(" refused: "))
                .count();
    }

    private static void assertEchoed(int port, byte[] line) {
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            assertEchoed(c, line);
        } catch (IOException e) {
            throw new AssertionError("client failed: " + e.getMessage(), e);
        }
    }

    private static void assertEchoed(SocketChannel c, byte[] line) throws IOException {
        c.write(ByteBuffer.wrap(line));
        ByteBuffer in = ByteBuffer.allocate(line.length);
        while (in.hasRemaining() && c.read(in) >= 0) {
            // the whole echo
        }
        assertThat(in.array()).isEqualTo(line);
    }
}
