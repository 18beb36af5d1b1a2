package org.socketlab.options;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A program a test runs in a child JVM, with or without the JVM options: {@code reset} prints the pending error of
 * an accepted socket whose client reset; {@code unbound} asks twice for the pending error of an open socket that
 * was never bound, which /proc/self/fd cannot tell from any other (no address to match), and {@code closed} once
 * for a closed channel.
 */
final class PendingErrorProbe {
    private PendingErrorProbe() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("unbound")) {
            try (SocketChannel unbound = SocketChannel.open()) {
                NativeSockets.takePendingError(unbound);
                NativeSockets.takePendingError(unbound);
            }
            System.out.println("asked twice");
            return;
        }
        if (args[0].equals("closed")) {
            SocketChannel closed = SocketChannel.open();
            closed.close();
            System.out.println("pending: " + NativeSockets.takePendingError(closed));
            return;
        }
        try (ServerSocketChannel listener =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel accepted = resetByItsClient(listener)) {
            // Poll the observable fact, bounded: the RST reaches the accepted socket within a few loopback hops.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int pending = 0;
            while (pending == 0 && System.nanoTime() < deadline) {
                pending = NativeSockets.takePendingError(accepted);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            System.out.println("pending: " + (pending == 0 ? "none" : NativeSockets.describeErrno(pending)));
        }
    }

    private static SocketChannel resetByItsClient(ServerSocketChannel listener) throws IOException {
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        SocketChannel accepted = listener.accept();
        client.setOption(StandardSocketOptions.SO_LINGER, 0);
        client.close(); // RST
        return accepted;
    }
}
