package org.socketlab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.socketlab.echo.EchoHandler;

/** A {@link SequentialServer} on loopback, port 0, running its accept loop on a named thread; closes it all. */
final class RunningServer implements AutoCloseable {
    final SequentialServer server;
    final InetSocketAddress address;
    private final CompletableFuture<Void> loop = new CompletableFuture<>();

    RunningServer(ServerConfig config, ServerListener listener) throws IOException {
        server = new SequentialServer(config.withBindAddress(InetAddress.getLoopbackAddress()), new EchoHandler(),
                listener);
        address = server.start();
        Thread thread = new Thread(() -> {
            try {
                server.run();
                loop.complete(null);
            } catch (Throwable t) {
                loop.completeExceptionally(t);
            }
        }, "accept-loop-" + address.getPort());
        thread.start();
    }

    @Override
    public void close() throws Exception {
        server.close();
        loop.get(); // rethrows a failure of the accept loop on the test thread
    }
}
