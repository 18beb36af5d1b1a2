package org.socketlab.bench.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyEchoServerTest {
    private static final int MIB = 1 << 20;

    @Test
    void echoesOneMebibyteByteExactWhileASecondClientIsServed() throws Exception {
        byte[] sent = new byte[MIB];
        new Random(15).nextBytes(sent);
        ExecutorService writers = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-writer"));
        try (NettyEchoServer server = new NettyEchoServer(0, 16, 1);
                Socket big = new Socket(InetAddress.getLoopbackAddress(), server.port());
                Socket small = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            big.setSoTimeout(10_000);
            small.setSoTimeout(10_000);
            // written on another thread: the test reads the echo at the same time, as a real client would
            Future<?> writing = writers.submit(() -> writeAll(big, sent));
            byte[] firstHalf = big.getInputStream().readNBytes(MIB / 2);

            // the big transfer is half way: the second connection is echoed all the same
            small.getOutputStream().write("ping\n".getBytes());
            assertThat(new String(small.getInputStream().readNBytes(5)))
                    .as("the second client's echo")
                    .isEqualTo("ping\n");

            byte[] secondHalf = big.getInputStream().readNBytes(MIB / 2);
            writing.get(10, TimeUnit.SECONDS);
            byte[] echoed = new byte[MIB];
            System.arraycopy(firstHalf, 0, echoed, 0, firstHalf.length);
            System.arraycopy(secondHalf, 0, echoed, MIB / 2, secondHalf.length);
            assertThat(echoed).as("1 MiB echoed byte-exact").isEqualTo(sent);

            big.shutdownOutput();
            assertThat(big.getInputStream().read())
                    .as("after the client's FIN, the server closes: EOF (-1)")
                    .isEqualTo(-1);
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void aPortInUseFailsTheBindWithOneLineThatNamesThePortAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Exception failure = catchException(() -> new NettyEchoServer(taken.getLocalPort(), 16, 1).close());

            assertThat(failure).as("binding a port that is in use").isNotNull();
            assertThat(NettyEchoServer.cannotListen(taken.getLocalPort(), failure))
                    .as("the user's line for EADDRINUSE")
                    .startsWith("NettyEchoServer: cannot listen on port " + taken.getLocalPort() + ": ")
                    .contains("Address already in use")
                    .endsWith("; choose another port, or 0")
                    .doesNotContain("\n");
        }
    }

    @Test
    void withPortZeroTheLineDoesNotSuggestPortZero() {
        assertThat(NettyEchoServer.cannotListen(0, new IOException("bind(..) failed: Address already in use")))
                .as("the user's line when the kernel found no free port")
                .startsWith("NettyEchoServer: cannot listen on a port of the kernel's choice: bind(..) failed")
                .endsWith("close some sockets or widen the range")
                .doesNotContain("or 0");
    }

    private static Void writeAll(Socket socket, byte[] bytes) throws Exception {
        OutputStream out = socket.getOutputStream();
        for (int off = 0; off < bytes.length; off += 8192) {
            out.write(bytes, off, Math.min(8192, bytes.length - off));
        }
        out.flush();
        return null;
    }
}
