package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.ProcessView;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/** Load and integrity: nothing lost or corrupted, nothing leaked, memory flat. */
@LabExperiment
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadIT {
    private static final Duration ECHO = Duration.ofSeconds(5);

    /** The server at -Xmx64m with its lines thrown away (there will be many); returns once it listens. */
    private static LabProcess quietServer(Lab lab, int port) {
        LabProcess server = lab.shell("server", "exec $JAVA -Xmx64m -jar $S " + port + " > /dev/null");
        lab.kernel()
                .awaitCount(
                        c -> c.local().getPort() == port && c.state() == TcpState.LISTEN,
                        1,
                        "the server listening",
                        WAIT);
        return server;
    }

    @Test
    void aGibibyteOfRandomBytesComesBackByteExactFromAServerWith64MibOfHeap(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = quietServer(lab, port);
        long total = 1L << 30;
        long[] rssAfterWarmUp = {0};
        BoundedRoundTrip.run(lab, port, total, 862, received -> {
            if (rssAfterWarmUp[0] == 0 && received >= (128 << 20)) {
                try {
                    rssAfterWarmUp[0] = ProcessView.of(server).residentKib();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        long rssAtEnd = ProcessView.of(server).residentKib();
        assertThat(rssAtEnd - rssAfterWarmUp[0])
                .as("server RSS growth over the last 896 MiB, KiB")
                .isLessThan(16 * 1024);
    }

    /** Waits until the server owns no connected socket any more (it has closed the last one it served). */
    private static void awaitIdle(Lab lab, int port) {
        try {
            lab.kernel()
                    .awaitCount(
                            c -> c.local().getPort() == port && c.state() != TcpState.LISTEN && c.inode() != 0,
                            0,
                            "the server's last connection closed",
                            WAIT);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the server still owns connected sockets after " + WAIT + ": it did not close"
                    + " them; its sockets " + serverSockets(lab, port));
        }
    }

    /** The server's sockets by state, e.g. {LISTEN=1, CLOSE_WAIT=20000}: a summary where there may be thousands. */
    private static Map<TcpState, Long> serverSockets(Lab lab, int port) {
        return lab.kernel().connections().stream()
                .filter(c -> c.local().getPort() == port)
                .collect(Collectors.groupingBy(
                        TcpConnection::state, () -> new EnumMap<>(TcpState.class), Collectors.counting()));
    }

    /**
     * Connects, sends 16 bytes, reads their echo and closes, {@code count} times. Each echo takes well under a
     * millisecond; one that has not come after {@link #ECHO} means the server no longer serves.
     */
    private static void connectEchoClose(Lab lab, InetSocketAddress address, int count) throws IOException {
        byte[] in = new byte[16];
        for (int i = 0; i < count; i++) {
            try (Socket client = new Socket()) {
                client.connect(address, (int) ECHO.toMillis());
                client.setSoTimeout((int) ECHO.toMillis());
                client.getOutputStream().write(new byte[16]);
                int got = 0;
                try {
                    int n;
                    while (got < in.length && (n = client.getInputStream().read(in, got, in.length - got)) >= 0) {
                        got += n;
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("connection " + (i + 1) + " of " + count + ": " + got + " of 16 bytes"
                            + " echoed within " + ECHO + "; the server's sockets "
                            + serverSockets(lab, address.getPort()));
                }
                assertThat(got).as("bytes echoed on connection " + (i + 1)).isEqualTo(16);
            }
        }
    }

    @Test
    void aHundredThousandSequentialConnectionsLeakNoDescriptorAndNoThread(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = quietServer(lab, port);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        connectEchoClose(lab, address, 2_000); // warm-up: classes loaded, JIT done, JNA loaded
        awaitIdle(lab, port);
        long fdsBefore = ProcessView.of(server).openFds();
        long threadsBefore = ProcessView.of(server).threads();

        connectEchoClose(lab, address, 100_000);
        awaitIdle(lab, port);
        assertThat(ProcessView.of(server).openFds())
                .as("server descriptors after 100,000 connections")
                .isEqualTo(fdsBefore);
        assertThat(ProcessView.of(server).threads())
                .as("server threads after 100,000 connections")
                .isEqualTo(threadsBefore);
        assertThat(server.isAlive()).isTrue();
    }
}
