package org.socketlab.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.ConnectionHandler;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.BlockingServer;
import org.socketlab.server.ConnectionExecutors;
import org.socketlab.server.Fault;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerListener;

/** The project's own models, and servers built to break one scenario each. */
final class Servers {
    private static final ServerConfig LOOPBACK = ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress());
    private static final ServerListener QUIET = new ServerListener() {};

    private Servers() {}

    static ServerUnderTest sequential() throws IOException {
        return ServerUnderTest.start(BlockingServer.sequential(LOOPBACK, EchoHandler::new, QUIET));
    }

    static ServerUnderTest threadPerConnection() throws IOException {
        return ServerUnderTest.start(
                new BlockingServer(LOOPBACK, EchoHandler::new, QUIET, 1, ConnectionExecutors.threadPerConnection()));
    }

    /** The thread-per-connection server as a command (a child JVM), with no cap below its open-files limit. */
    static ServerUnderTest threadPerConnectionCommand() throws IOException {
        return ServerUnderTest.command(port -> EchoCommand.line("thread", port));
    }

    /** A command that echoes on a thread per connection and exits when accept() fails (EMFILE). */
    static ServerUnderTest exitsOnEmfile() throws IOException {
        return ServerUnderTest.command(port -> EchoCommand.line("exits-on-emfile", port));
    }

    /** A command that echoes on a thread per connection and never calls accept() again once it failed (EMFILE). */
    static ServerUnderTest stopsAcceptingOnEmfile() throws IOException {
        return ServerUnderTest.command(port -> EchoCommand.line("stops-accepting-on-emfile", port));
    }

    /** Echoes, but leaves the active socket open after the client's EOF (the lab's no-close fault). */
    static ServerUnderTest neverCloses() throws IOException {
        return ServerUnderTest.start(
                BlockingServer.sequential(LOOPBACK.withFault(Fault.NO_CLOSE), EchoHandler::new, QUIET));
    }

    /** Echoes every byte but each 1000th. */
    static ServerUnderTest dropsBytes() throws IOException {
        ConnectionHandler dropping = (in, out) -> {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            long seen = 0;
            try {
                while (in.read(buffer) >= 0) {
                    buffer.flip();
                    ByteBuffer kept = ByteBuffer.allocate(buffer.remaining());
                    while (buffer.hasRemaining()) {
                        byte b = buffer.get();
                        if (++seen % 1000 != 0) {
                            kept.put(b);
                        }
                    }
                    kept.flip();
                    while (kept.hasRemaining()) {
                        out.write(kept);
                    }
                    buffer.clear();
                }
                return seen;
            } catch (IOException e) {
                throw new ConnectionFailedException(seen, e);
            }
        };
        return ServerUnderTest.start(BlockingServer.sequential(LOOPBACK, () -> dropping, QUIET));
    }
}
