package org.socketlab.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.socketlab.concurrent.Model;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;
import org.socketlab.testkit.EchoServerContract;
import org.socketlab.testkit.Expectation;
import org.socketlab.testkit.ServerUnderTest;

/**
 * The project's own echo models against the test kit a student runs against theirs ({@code server-testkit}): the
 * sequential one declared one client at a time, the concurrent ones declared four at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EveryServerModelPassesTheTestKitIT {
    private static final ServerConfig LOOPBACK = ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress());

    private static ServerUnderTest start(Model model) throws IOException {
        LabMessages quiet =
                new LabMessages(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), "");
        return ServerUnderTest.start(model.create(LOOPBACK, quiet, 4, 4));
    }

    @Nested
    class Sequential extends EchoServerContract {
        @Override
        protected ServerUnderTest startServer() throws IOException {
            return start(Model.SEQUENTIAL);
        }

        @Override
        protected Expectation expectation() {
            return Expectation.sequential();
        }
    }

    @Nested
    class Pool extends EchoServerContract {
        @Override
        protected ServerUnderTest startServer() throws IOException {
            return start(Model.POOL);
        }

        @Override
        protected Expectation expectation() {
            return Expectation.concurrent(4);
        }
    }

    @Nested
    class Select extends EchoServerContract {
        @Override
        protected ServerUnderTest startServer() throws IOException {
            return start(Model.SELECT);
        }

        @Override
        protected Expectation expectation() {
            return Expectation.concurrent(4);
        }
    }

    @Nested
    class Workers extends EchoServerContract {
        @Override
        protected ServerUnderTest startServer() throws IOException {
            return start(Model.WORKERS);
        }

        @Override
        protected Expectation expectation() {
            return Expectation.concurrent(4);
        }
    }
}
