package org.socketlab.testkit;

import java.io.IOException;
import org.junit.jupiter.api.Nested;

/**
 * The project's sequential and thread-per-connection servers pass every scenario as declared; the thread-per-connection
 * one also as a command, which the descriptor limit needs.
 */
class ProjectModelsPassTheContractTest {

    /** How a nested class starts its server. */
    @FunctionalInterface
    interface Start {
        ServerUnderTest server() throws IOException;
    }

    /** The contract against one server, declared as it behaves. */
    abstract static class Declared extends EchoServerContract {
        private final Start start;
        private final Expectation expectation;

        Declared(Start start, Expectation expectation) {
            this.start = start;
            this.expectation = expectation;
        }

        @Override
        protected ServerUnderTest startServer() throws IOException {
            return start.server();
        }

        @Override
        protected Expectation expectation() {
            return expectation;
        }
    }

    @Nested
    class Sequential extends Declared {
        Sequential() {
            super(Servers::sequential, Expectation.sequential());
        }
    }

    @Nested
    class ThreadPerConnection extends Declared {
        ThreadPerConnection() {
            super(Servers::threadPerConnection, Expectation.concurrent(4));
        }
    }

    @Nested
    class ThreadPerConnectionCommand extends Declared {
        ThreadPerConnectionCommand() {
            super(Servers::threadPerConnectionCommand, Expectation.concurrent(4));
        }
    }
}
