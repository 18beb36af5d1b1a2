package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.InOrder;
import org.socketlab.echo.EchoHandler;
import org.socketlab.options.ServerSocketConfig;
import org.socketlab.options.SockOpt;

/** The sequential server in this JVM, on loopback, with real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingServerTest {

    private static SocketChannel connect(InetSocketAddress server) throws IOException {
        return SocketChannel.open(server);
    }

    /** Writes all of {@code data} and reads back as many bytes, concurrently, so that large echoes cannot deadlock. */
    private static byte[] echo(SocketChannel channel, byte[] data) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                ByteBuffer out = ByteBuffer.wrap(data);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ByteBuffer in = ByteBuffer.allocate(data.length);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                break;
            }
        }
        writer.get();
        return java.util.Arrays.copyOf(in.array(), in.position());
    }

    @Test
    void echoesLinesAndAMebibyteOfRandomBytesByteExact() throws Exception {
        ServerListener listener = mock(ServerListener.class);
        try (RunningServer running = new RunningServer(ServerConfig.of(0), listener);
                SocketChannel client = connect(running.address)) {
            byte[] line = "hello, echo\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(echo(client, line)).isEqualTo(line);
            byte[] random = new byte[1 << 20];
            new Random(862).nextBytes(random);
            assertThat(echo(client, random)).isEqualTo(random);
            client.shutdownOutput();
            assertThat(client.read(ByteBuffer.allocate(1)))
                    .as("the server's FIN after our EOF")
                    .isEqualTo(-1);
            verify(listener, timeout(5000)).closed(any(), eq((long) line.length + random.length));
        }
    }

    @Test
    void theSecondClientIsServedOnlyAfterTheFirstCloses() throws Exception {
        ServerListener listener = mock(ServerListener.class);
        try (RunningServer running = new RunningServer(ServerConfig.of(0), listener);
                SocketChannel first = connect(running.address);
                SocketChannel second = connect(running.address)) {
            byte[] ping = "first\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(echo(first, ping)).isEqualTo(ping);
            second.write(ByteBuffer.wrap("second\n".getBytes(StandardCharsets.US_ASCII)));
            second.configureBlocking(false);
            ByteBuffer early = ByteBuffer.allocate(16);
            // The first client is being served, so the second's line waits in the kernel, unanswered.
            assertThat(echo(first, ping)).isEqualTo(ping);
            assertThat(second.read(early))
                    .as("echo for the second client while the first is connected")
                    .isZero();
            first.shutdownOutput(); // the first client's EOF, as CTRL-D sends it: the server closes and moves on
            second.configureBlocking(true);
            ByteBuffer echo = ByteBuffer.allocate(7);
            while (echo.hasRemaining() && second.read(echo) >= 0) {
                // read the whole echo
            }
            assertThat(new String(echo.array(), StandardCharsets.US_ASCII)).isEqualTo("second\n");
            InOrder order = inOrder(listener);
            order.verify(listener).accepted(any());
            order.verify(listener).closed(any(), eq(12L));
            order.verify(listener).accepted(any());
        }
    }

    @Test
    void aClientThatResetsIsReportedAndTheServerServesTheNext() throws Exception {
        ServerListener listener = mock(ServerListener.class);
        try (RunningServer running = new RunningServer(ServerConfig.of(0), listener)) {
            SocketChannel resetting = connect(running.address);
            byte[] line = "going away\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(echo(resetting, line)).isEqualTo(line);
            resetting.setOption(StandardSocketOptions.SO_LINGER, 0);
            resetting.close(); // RST
            verify(listener, timeout(5000)).failed(any(), eq((long) line.length), any(IOException.class));
            try (SocketChannel next = connect(running.address)) {
                assertThat(echo(next, line)).isEqualTo(line);
            }
        }
    }

    @Test
    void theNoCloseFaultLeavesTheActiveSocketOpenAndGoesBackToAccept() throws Exception {
        ServerListener listener = mock(ServerListener.class);
        try (RunningServer running = new RunningServer(ServerConfig.of(0).withFault(Fault.NO_CLOSE), listener);
                SocketChannel first = connect(running.address)) {
            first.shutdownOutput();
            verify(listener, timeout(5000)).leftOpen(any(), eq(0L));
            first.configureBlocking(false);
            assertThat(first.read(ByteBuffer.allocate(1)))
                    .as("no FIN from the server")
                    .isZero();
            try (SocketChannel second = connect(running.address)) {
                byte[] line = "still accepting\n".getBytes(StandardCharsets.US_ASCII);
                assertThat(echo(second, line)).isEqualTo(line);
            }
        }
    }

    @Test
    void anIdleClientIsClosedAfterTheIdleTimeout() throws Exception {
        ServerListener listener = mock(ServerListener.class);
        ServerConfig config = ServerConfig.of(0)
                .withSockets(ServerSocketConfig.builder()
                        .option(SockOpt.SO_TIMEOUT, 200)
                        .build());
        try (RunningServer running = new RunningServer(config, listener);
                SocketChannel idle = connect(running.address)) {
            verify(listener, timeout(5000)).failed(any(), eq(0L), any(java.net.SocketTimeoutException.class));
            assertThat(idle.read(ByteBuffer.allocate(1)))
                    .as("the server closed the idle connection")
                    .isEqualTo(-1);
        }
    }

    @Test
    void theListeningSocketHasSoReuseaddrOffUnlessAsked() throws Exception {
        try (RunningServer running = new RunningServer(ServerConfig.of(0), mock(ServerListener.class))) {
            // A second listener on the same port must fail: proves the bind state, not just a flag.
            try (java.nio.channels.ServerSocketChannel other = java.nio.channels.ServerSocketChannel.open()) {
                other.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                assertThatThrownBy(() -> other.bind(running.address)).isInstanceOf(java.net.BindException.class);
            }
        }
    }

    @Test
    void lifeCycleMisuseIsNamed() throws Exception {
        BlockingServer server =
                BlockingServer.sequential(ServerConfig.of(0), EchoHandler::new, mock(ServerListener.class));
        assertThatThrownBy(server::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start() first");
        InetSocketAddress address = server.start();
        assertThat(server.start()).as("start is idempotent").isEqualTo(address);
        server.close();
        server.close();
        assertThatThrownBy(server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after close()");
    }

    @Test
    void closeStopsAnAcceptLoopThatIsServingAClient() throws Exception {
        ServerListener listener = mock(ServerListener.class);
        RunningServer running = new RunningServer(ServerConfig.of(0), listener);
        try (SocketChannel client = connect(running.address)) {
            verify(listener, timeout(5000)).accepted(any());
            running.close();
            verify(listener).stopped();
            verify(listener, org.mockito.Mockito.never()).failed(any(), anyLong(), any());
            await().atMost(Duration.ofSeconds(5)).until(() -> client.read(ByteBuffer.allocate(1)) == -1);
        }
    }
}
