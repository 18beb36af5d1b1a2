package org.socketlab.testkit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * connections. A scenario that cannot run against this server or on this machine is skipped (a JUnit assumption),
 * and prints one line with the reason: {@code SKIPPED MyServerTest.idleClientsDoNotStallAnother: a sequential ...}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(SkipsPrinted.class)
public abstract class EchoServerContract {
    /** The open-files limit of {@link #outlivesItsDescriptorLimit()}: a JVM needs about 20 of them for itself. */
    static final int OPEN_FILES = 64;
    /** The crowd that meets it: more clients than the server has descriptors. */
    static final int CROWD = 100;

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

    /**
     * The server started again under {@code prlimit --nofile=64:64} meets 100 clients at once: see {@link
     * EchoScenarios#outlivesItsDescriptors}. Skipped for a server in this JVM, and without {@code prlimit}.
     */
    @Test
    void outlivesItsDescriptorLimit() throws IOException {
        assumeTrue(
                server.isCommand(),
                "a server in this JVM shares the JVM's open-files limit: start it with ServerUnderTest.command to"
                        + " run it under a limit of its own");
        assumeTrue(
                ServerUnderTest.prlimitOnPath(),
                "prlimit is not on the PATH: it sets the server's open-files limit (install util-linux)");
        try (ServerUnderTest limited = server.underOpenFilesLimit(OPEN_FILES)) {
            EchoScenarios.outlivesItsDescriptors(limited, CROWD);
        }
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
