package org.socketlab.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.BlockingServer;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerListener;
import org.socketlab.server.ServerModel;

/** Each scenario fails against a server built to break it, saying what was expected and what was observed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Execution(ExecutionMode.CONCURRENT)
class BrokenServersFailTest {

    @Test
    void aServerThatNeverClosesFailsTheHalfClose() throws Exception {
        try (ServerUnderTest server = Servers.neverCloses()) {
            assertThatThrownBy(() -> EchoScenarios.halfCloseEndsWithTheServersFin(server.address()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected the server's FIN after the client's FIN (read() returning -1: the server"
                            + " closed); observed: the connection stayed open 10 s after the client's FIN (the server"
                            + " never closed its socket)");
        }
    }

    @Test
    void aSequentialServerDeclaredConcurrentFails() throws Exception {
        try (ServerUnderTest server = Servers.sequential()) {
            assertThatThrownBy(() -> EchoScenarios.servesAsDeclared(server.address(), Expectation.concurrent(2)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected client 2 while 1 other clients are connected (2 clients at once); observed:"
                            + " 0 of 9 bytes came back, then nothing for 10 s");
        }
    }

    @Test
    void aConcurrentServerDeclaredSequentialFails() throws Exception {
        try (ServerUnderTest server = Servers.threadPerConnection()) {
            assertThatThrownBy(() -> EchoScenarios.servesAsDeclared(server.address(), Expectation.sequential()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected client B to wait while client A is served (one client at a time);"
                            + " observed: B's line came back while A was still connected");
        }
    }

    @Test
    void aServerThatDropsBytesFailsTheByteExactEcho() throws Exception {
        try (ServerUnderTest server = Servers.dropsBytes()) {
            assertThatThrownBy(() -> EchoScenarios.echoesBinaryByteExact(server.address()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected the echo of 1048832 bytes (every byte value, then random);"
                            + " observed: byte 999 is 0x");
        }
    }

    @Test
    void aServerThatExitsOnEmfileFailsTheDescriptorLimit() throws Exception {
        assumeTrue(ServerUnderTest.prlimitOnPath(), "prlimit is not on the PATH");
        failsTheDescriptorLimit(Servers.exitsOnEmfile())
                .hasMessage("expected the server to go on running while a crowd of 100 clients held more connections"
                        + " than it has descriptors; observed: it exited with status 1");
    }

    @Test
    void aServerThatStopsAcceptingOnEmfileFailsTheDescriptorLimit() throws Exception {
        assumeTrue(ServerUnderTest.prlimitOnPath(), "prlimit is not on the PATH");
        failsTheDescriptorLimit(Servers.stopsAcceptingOnEmfile())
                .hasMessageStartingWith("expected a client after a crowd of 100 clients had left ");
    }

    /** The descriptor limit's scenario against {@code unlimited}'s command started again under the limit. */
    private static AbstractThrowableAssert<?, ? extends Throwable> failsTheDescriptorLimit(ServerUnderTest unlimited)
            throws IOException {
        try (unlimited;
                ServerUnderTest server = unlimited.underOpenFilesLimit(EchoServerContract.OPEN_FILES)) {
            return assertThatThrownBy(() -> EchoScenarios.outlivesItsDescriptors(server, EchoServerContract.CROWD))
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void aServerInThisJvmCannotBeGivenAnOpenFilesLimit() throws Exception {
        try (ServerUnderTest server = Servers.sequential()) {
            assertThatThrownBy(() -> server.underOpenFilesLimit(EchoServerContract.OPEN_FILES))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("BlockingServer runs in this JVM and shares its open-files limit");
        }
    }

    @Test
    void aServerWhoseCloseDoesNotStopItFailsTheClose() throws Exception {
        BlockingServer running = BlockingServer.sequential(
                ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress()),
                EchoHandler::new,
                new ServerListener() {});
        ServerModel closeDoesNothing = new ServerModel() {
            @Override
            public InetSocketAddress start() throws IOException {
                return running.start();
            }

            @Override
            public void run() {
                running.run();
            }

            @Override
            public int liveConnections() {
                return running.liveConnections();
            }

            @Override
            public void close() {}
        };
        try {
            ServerUnderTest server = ServerUnderTest.start(closeDoesNothing);
            assertThatThrownBy(server::close)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith(
                            "expected " + closeDoesNothing.getClass().getSimpleName()
                                    + "'s run() to return within 10 s of close(); observed: it is still running");
        } finally {
            running.close();
        }
    }
}
