package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExtension;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpState;

/** Load and integrity: nothing lost or corrupted, nothing leaked, memory flat. */
@ExtendWith(LabExtension.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class LoadIT {

    /** The server at -Xmx64m with its lines thrown away (there will be many); returns once it listens. */
    private static LabProcess quietServer(Lab lab, int port) {
        LabProcess server = lab.shell("server", "exec $JAVA -Xmx64m -jar $S " + port + " > /dev/null");
        lab.kernel().awaitCount(c -> c.local().getPort() == port && c.state() == TcpState.LISTEN, 1, "the server listening",
                WAIT);
        return server;
    }

    private static long residentKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    private static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /** The server's threads, less the JIT compiler threads the JVM starts and stops as it likes. */
    private static long threads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(t -> {
                try {
                    return !Files.readString(t.resolve("comm")).contains("CompilerThre");
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            }).count();
        }
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
                    rssAfterWarmUp[0] = residentKib(server.pid());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        long rssAtEnd = residentKib(server.pid());
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
        long fdsBefore = openFds(server.pid());
        long threadsBefore = threads(server.pid());

        connectEchoClose(address, 100_000);
        awaitIdle(lab, port);
        assertThat(openFds(server.pid())).as("server descriptors after 100,000 connections").isEqualTo(fdsBefore);
        assertThat(threads(server.pid())).as("server threads after 100,000 connections").isEqualTo(threadsBefore);
        assertThat(server.isAlive()).isTrue();
    }
}
