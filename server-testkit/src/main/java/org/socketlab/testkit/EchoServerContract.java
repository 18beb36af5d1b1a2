package org.socketlab.testkit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lab's scenarios as JUnit 5 tests for a student's echo server: extend it, say how to start the server and what
 * it does with overlapping clients, and every scenario of {@link EchoScenarios} runs against a fresh server.
 *
 * <pre>{@code
 * class MyServerTest extends EchoServerContract {
 *     protected ServerUnderTest startServer() throws IOException {
 *         return ServerUnderTest.start(new MyServer(ServerConfig.of(0)));
 *     }
 *     protected Expectation expectation() {
 *         return Expectation.concurrent(4);
 *     }
 * }
 * }</pre>
 *
 * <p>After each test the server is closed and checked: its accept loop or process ended, its port refuses
 * connections.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class EchoServerContract {
    private ServerUnderTest server;

    /** Starts the student's server, e.g. {@code ServerUnderTest.start(model)} or {@code ServerUnderTest.command(...)}. */
    protected abstract ServerUnderTest startServer() throws IOException;

    /** What the server does with clients that overlap. */
    protected abstract Expectation expectation();

    @BeforeEach
    final void startTheServer() throws IOException {
        server = startServer();
    }

    @AfterEach
    final void closeTheServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The server under test, started before each test. */
    protected final ServerUnderTest server() {
        return server;
    }

    @Test
    void echoesBinaryBytesExactlyWhateverTheWrites() throws IOException {
        EchoScenarios.echoesBinaryByteExact(server.address());
    }

    @Test
    void servesOverlappingClientsAsDeclared() throws IOException {
        EchoScenarios.servesAsDeclared(server.address(), expectation());
    }

    @Test
    void answersTheClientsFinWithItsOwn() throws IOException {
        EchoScenarios.halfCloseEndsWithTheServersFin(server.address());
    }

    @Test
    void goesOnAfterAClientResets() throws IOException {
        EchoScenarios.goesOnAfterAClientResets(server.address());
    }

    @Test
    void idleClientsDoNotStallAnother() throws IOException {
        assumeFalse(expectation().isSequential(), "a sequential server serves one client at a time: idle ones block");
        EchoScenarios.idleClientsDoNotStallAnother(server.address(), expectation());
    }

    @Test
    void aSlowReaderGetsEveryByte() throws IOException {
        EchoScenarios.aSlowReaderGetsEveryByte(server.address(), expectation());
    }

    @Test
    void closingTheServerEndsItsConnectionsAndLeavesNothingRunning() throws IOException {
        Socket client = EchoScenarios.connectedClient(server.address());
        ServerUnderTest closing = server;
        server = null;
        closing.close();
        EchoScenarios.connectionEndedByClose(client);
    }
}
