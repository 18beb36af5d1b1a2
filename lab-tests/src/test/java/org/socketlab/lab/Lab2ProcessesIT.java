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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Processes;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Lab 2's processes: TCPechod's child per connection (with and without the SIGCHLD reaper) and the pool of
 * processes started in advance, seen from /proc as {@code ps} and {@code ss -tnp} show them.
 */
@LabExperiment
class Lab2ProcessesIT {
    /** How soon a finished child must be gone when the parent reaps it. */
    private static final Duration REAPED = Duration.ofSeconds(2);

    @Test
    void twoClientsAreServedAtOnceEachByItsOwnChildAndTheParentKeepsNoCopyOfEither(Lab lab) throws IOException {
        int port = lab.freePort();
        LabProcess server = awaitListening(lab.serverModel("process", String.valueOf(port)), port);
        try (SocketChannel a = connect(port);
                SocketChannel b = connect(port)) {
            long childA = childServing(server, a);
            long childB = childServing(server, b);
            assertEchoed(a, "A\n");
            assertEchoed(b, "B\n"); // while A is still connected
            assertThat(childA).isNotEqualTo(childB);
            for (SocketChannel client : List.of(a, b)) {
                long inode = serverSide(lab, port, client).inode();
                long child = client == a ? childA : childB;
                assertThat(Processes.socketInodes(child))
                        .as("child %d holds its connection", child)
                        .contains(inode);
                assertThat(Processes.parent(child)).contains(server.pid());
                assertThat(Processes.socketInodes(server.pid()))
                        .as("the parent closed its copy")
                        .doesNotContain(inode);
            }
            a.shutdownOutput(); // A is done: EOF
            await().atMost(REAPED).until(() -> Processes.state(childA).isEmpty());
            server.awaitLine("^Child " + childA + " \\(.*\\) reaped: exit status 0, served", WAIT);
            assertThat(Processes.state(childB)).as("B's child still serves").isPresent();
        }
    }

    @Test
    void withoutTheReaperEachFinishedChildStaysAZombieUntilTheParentExits(Lab lab) throws IOException {
        int port = lab.freePort();
        LabProcess server = awaitListening(lab.serverModel("process", "--no-reaper", String.valueOf(port)), port);
        long first = servedAndLeft(server, port);
        await().atMost(WAIT).until(() -> Processes.state(first).equals(Optional.of('Z')));
        long second = servedAndLeft(server, port);
        await().atMost(WAIT).until(() -> Processes.state(second).equals(Optional.of('Z')));
        assertThat(Processes.state(first))
                .as("still a zombie after a whole second client")
                .contains('Z');
        assertThat(Processes.parent(first)).contains(server.pid());
        server.signal("TERM");
        assertThat(server.awaitExit(WAIT)).isZero();
        assertThat(Processes.state(first)).isEmpty();
        assertThat(Processes.state(second)).isEmpty();
    }

    @Test
    void aClientThatSends20KbAndLeavesWithoutReadingGetsOneLineNamingItsChildAndTheServerGoesOn(Lab lab)
            throws IOException {
        int port = lab.freePort();
        LabProcess server = awaitListening(lab.serverModel("process", String.valueOf(port)), port);
        long child;
        int clientPort;
        try (SocketChannel leaver = connect(port)) {
            clientPort = ((InetSocketAddress) leaver.getLocalAddress()).getPort();
            child = childServing(server, leaver);
            leaver.write(ByteBuffer.allocate(20 * 1024)); // never read: the echo comes back to a closed socket
        }
        server.awaitLine(
                "^Child " + child + " \\(127\\.0\\.0\\.1 remote port " + clientPort + "\\) reaped: exit status [34],"
                        + " the connection broke: .*(EPIPE|ECONNRESET).*$",
                WAIT);
        try (SocketChannel next = connect(port)) {
            assertEchoed(next, "still serving\n");
        }
    }

    @Test
    void preforkStartsNChildrenBeforeAnyClientQueuesTheNPlusFirstAndReplacesAKilledOne(Lab lab) throws IOException {
        int port = lab.freePort();
        LabProcess server = awaitListening(lab.serverModel("prefork", "--workers", "2", String.valueOf(port)), port);
        server.awaitLine("^Worker 2 is child \\d+", WAIT);
        assertThat(Processes.children(server.pid()))
                .as("children before any client")
                .hasSize(2);
        try (SocketChannel a = connect(port);
                SocketChannel b = connect(port);
                SocketChannel c = connect(port)) {
            assertEchoed(a, "A\n");
            assertEchoed(b, "B\n");
            send(c, "C\n");
            await().atMost(WAIT).until(() -> listener(lab, port).receiveQueue() == 1); // C waits in the backlog
            assertThat(serverSide(lab, port, c).inode())
                    .as("C not accepted yet")
                    .isZero();
            a.shutdownOutput(); // A is done: EOF
            assertReceived(c, "C\n"); // the worker A left now serves C
        }
        long victim = Long.parseLong(
                server.awaitLine("^Worker 1 is child (\\d+)", WAIT).group(1));
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        server.awaitLine(
                "^Worker 1 died \\(child " + victim + ", killed by signal 9 \\(SIGKILL\\)\\); a new worker 1", WAIT);
        await().atMost(WAIT).until(() -> Processes.children(server.pid()).size() == 2);
        List<Long> workers = Processes.children(server.pid());
        assertThat(workers).doesNotContain(victim);
        server.signal("TERM");
        assertThat(server.awaitExit(WAIT)).isZero();
        await().atMost(REAPED)
                .until(() -> workers.stream().allMatch(w -> Processes.state(w).isEmpty()));
        assertThat(lab.kernel().connections())
                .as("no listener left on port " + port)
                .noneMatch(k -> k.local().getPort() == port && k.state() == TcpState.LISTEN);
    }

    /** One client connects, sends a line, reads its echo and leaves; returns the child that served it. */
    private static long servedAndLeft(LabProcess server, int port) throws IOException {
        try (SocketChannel client = connect(port)) {
            long child = childServing(server, client);
            assertEchoed(client, "bye\n");
            return child;
        }
    }

    static SocketChannel connect(int port) throws IOException {
        return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    /** The parent's line {@code Child PID serves 127.0.0.1 remote port P} for this client: the child's pid. */
    private static long childServing(LabProcess server, SocketChannel client) throws IOException {
        int port = ((InetSocketAddress) client.getLocalAddress()).getPort();
        return Long.parseLong(server.awaitLine("^Child (\\d+) serves 127\\.0\\.0\\.1 remote port " + port + "$", WAIT)
                .group(1));
    }

    private static void assertEchoed(SocketChannel client, String line) throws IOException {
        send(client, line);
        assertReceived(client, line);
    }

    private static void send(SocketChannel client, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    /** Reads until {@code expected.length()} bytes came (or EOF) and compares them. */
    private static void assertReceived(SocketChannel client, String expected) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(expected.length());
        while (in.hasRemaining() && client.read(in) >= 0) {
            // until the whole echo is in
        }
        assertThat(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII))
                .isEqualTo(expected);
    }

    private static TcpConnection serverSide(Lab lab, int port, SocketChannel client) throws IOException {
        int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
        return await().atMost(WAIT)
                .until(() -> lab.kernel().find(port, clientPort), Optional::isPresent)
                .get();
    }

    private static TcpConnection listener(Lab lab, int port) {
        return lab.kernel().connections().stream()
                .filter(k -> k.local().getPort() == port && k.state() == TcpState.LISTEN)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing listens on port " + port));
    }
}
