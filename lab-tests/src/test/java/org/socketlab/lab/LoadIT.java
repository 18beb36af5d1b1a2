package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.ProcessView;
import org.socketlab.options.TcpState;

/** Load and integrity: nothing lost or corrupted, nothing leaked, memory flat. */
@LabExperiment
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class LoadIT {

    /** The server at -Xmx64m with its lines thrown away (there will be many); returns once it listens. */
    private static LabProcess quietServer(Lab lab, int port) {
        LabProcess server = lab.shell("server", "exec $JAVA -Xmx64m -jar $S " + port + " > /dev/null");
        lab.kernel().awaitCount(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN, 1, "the server listening",
                WAIT);
        return server;
    }




    @Test
    void aGibibyteOfRandomBytesComesBackByteExactFromAServerWith64MibOfHeap(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = quietServer(lab, port);
        long total = 1L << 30;
        long[] rssAfterWarmUp = {0};
        Integrity.roundTrip(new InetSocketAddress("127.0.0.1", port), total, 862, received -> {
            if (rssAfterWarmUp[0] == 0 && received >= (128 << 20)) {
                try {
                    rssAfterWarmUp[0] = ProcessView.of(server).residentKib();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        long rssAtEnd = ProcessView.of(server).residentKib();
        assertThat(rssAtEnd - rssAfterWarmUp[0]).as("server RSS growth over the last 896 MiB, KiB").isLessThan(16 * 1024);
    }

    /** Waits until the server owns no connected socket any more (it has closed the last one it served). */
    private static void awaitIdle(Lab lab, int port) {
        lab.kernel().awaitCount(c -> c.local().getPort() == port && c.state() != TcpState.LISTEN && c.inode() != 0, 0,
                "the server's last connection closed", WAIT);
    }

    private static void connectEchoClose(InetSocketAddress address, int count) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(16);
        ByteBuffer in = ByteBuffer.allocate(16);
        for (int i = 0; i < count; i++) {
            try (SocketChannel client = SocketChannel.open(address)) {
                client.write(out.clear());
                in.clear();
                while (in.hasRemaining() && client.read(in) >= 0) {
                    // read the 16-byte echo
                }
                assertThat(in.position()).isEqualTo(16);
            }
        }
    }

    @Test
    void aHundredThousandSequentialConnectionsLeakNoDescriptorAndNoThread(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = quietServer(lab, port);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        connectEchoClose(address, 2_000); // warm-up: classes loaded, JIT done, JNA loaded
        awaitIdle(lab, port);
        long fdsBefore = ProcessView.of(server).openFds();
        long threadsBefore = ProcessView.of(server).threads();

        connectEchoClose(address, 100_000);
        awaitIdle(lab, port);
        assertThat(ProcessView.of(server).openFds()).as("server descriptors after 100,000 connections").isEqualTo(fdsBefore);
        assertThat(ProcessView.of(server).threads()).as("server threads after 100,000 connections").isEqualTo(threadsBefore);
        assertThat(server.isAlive()).isTrue();
    }
}
