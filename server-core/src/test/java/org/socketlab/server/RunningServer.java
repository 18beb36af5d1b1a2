package org.socketlab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.socketlab.echo.EchoHandler;

/** A {@link BlockingServer} on loopback, port 0, running its accept loop on a named thread; closes it all. */
final class RunningServer implements AutoCloseable {
    final BlockingServer server;
    final InetSocketAddress address;
    private final CompletableFuture<Void> loop = new CompletableFuture<>();

    RunningServer(ServerConfig config, ServerListener listener) throws IOException {
        server = BlockingServer.sequential(config.withBindAddress(InetAddress.getLoopbackAddress()), EchoHandler::new,
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
