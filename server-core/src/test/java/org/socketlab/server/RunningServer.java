package org.socketlab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.socketlab.echo.EchoHandler;

/** A {@link BlockingServer} on loopback, port 0, running its accept loop on a named thread; closes it all. */
final class RunningServer implements AutoCloseable {
    final BlockingServer server;
    final InetSocketAddress address;
    private final CompletableFuture<Void> loop = new CompletableFuture<>();

    RunningServer(ServerConfig config, ServerListener listener) throws IOException {
        server = BlockingServer.sequential(
                config.withBindAddress(InetAddress.getLoopbackAddress()), EchoHandler::new, listener);
        address = server.start();
        Thread thread = new Thread(
                () -> {
                    try {
                        server.run();
                        loop.complete(null);
                    } catch (Throwable t) {
                        loop.completeExceptionally(t);
                    }
                },
                "accept-loop-" + address.getPort());
        thread.start();
    }

    /** Closes the server; a failure of its accept loop, or a loop that does not end, fails the test here. */
    @Override
    public void close() {
        server.close();
        try {
            loop.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the accept loop ended", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the accept loop failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the accept loop did not end within 10 s of close()", e);
        }
    }
}
