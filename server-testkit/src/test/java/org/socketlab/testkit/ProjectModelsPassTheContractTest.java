package org.socketlab.testkit;

import java.io.IOException;
import org.junit.jupiter.api.Nested;

/** The project's sequential and thread-per-connection servers pass every scenario as declared. */
class ProjectModelsPassTheContractTest {

    @Nested
    class Sequential extends EchoServerContract {
        @Override
        protected ServerUnderTest startServer() throws IOException {
            return Servers.sequential();
        }

        @Override
        protected Expectation expectation() {
            return Expectation.sequential();
        }
    }

    @Nested
    class ThreadPerConnection extends EchoServerContract {
        @Override
        protected ServerUnderTest startServer() throws IOException {
            return Servers.threadPerConnection();
        }

        @Override
        protected Expectation expectation() {
            return Expectation.concurrent(4);
        }
    }
}
