package org.socketlab.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorServerTest {

    private static String echo(InetSocketAddress server, String text) throws Exception {
        try (SocketChannel c = SocketChannel.open(server)) {
            c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(text.length());
            while (in.hasRemaining() && c.read(in) >= 0) {
                // the whole echo
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst()
                .orElse(null);
    }

    @Test
    void aWorkerThatDiesIsReplacedAndTheServerServesOn() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerConfig config = ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress());
        SelectorServer server = new SelectorServer(
                config, new LabMessages(new PrintStream(out, true, StandardCharsets.UTF_8), ""), 2, 2);
        InetSocketAddress address = server.start();
        CompletableFuture<Void> running = CompletableFuture.runAsync(server::run);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> thread("selector-worker-1") != null);
            Thread first = thread("selector-worker-1");
            first.interrupt(); // the worker ends, as a C worker process that crashes
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Thread now = thread("selector-worker-1");
                return now != null && now != first;
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> out.toString(StandardCharsets.UTF_8)
                            .contains("Worker 1 died (its thread ended); a new worker 1 takes its place"));
            for (int i = 0; i < 4; i++) {
                assertThat(echo(address, "still served " + i)).isEqualTo("still served " + i);
            }
        } finally {
            server.close();
            running.get(10, TimeUnit.SECONDS);
        }
        assertThat(server.liveConnections()).isZero();
    }

    /**
     * The listening socket is registered with every worker's selector, and the JDK closes its descriptor only when
     * the last selector lets it go: close() must wait for that, or a client may still connect after it returned.
     */
    @Test
    void onceCloseReturnsThePortRefusesConnections() throws Exception {
        ServerConfig config = ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress());
        LabMessages quiet =
                new LabMessages(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), "");
        for (int round = 0; round < 50; round++) {
            SelectorServer server = new SelectorServer(config, quiet, 4, 4);
            InetSocketAddress address = server.start();
            CompletableFuture<Void> running = CompletableFuture.runAsync(server::run);
            try (SocketChannel held = SocketChannel.open(address)) {
                assertThat(echo(address, "round " + round)).isEqualTo("round " + round);
                server.close();
                running.get(10, TimeUnit.SECONDS);
                assertThat(held.read(ByteBuffer.allocate(1)))
                        .as("the held connection's end")
                        .isEqualTo(-1);
                assertThat(refuses(address))
                        .as("port %d refuses once close() returned, round %d", address.getPort(), round)
                        .isTrue();
            }
        }
    }

    private static boolean refuses(InetSocketAddress address) {
        try {
            SocketChannel.open(address).close();
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
