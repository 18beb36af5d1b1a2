package org.socketlab.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.socketlab.concurrent.Model;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.testkit.EchoServerContract;
import org.socketlab.testkit.Expectation;
import org.socketlab.testkit.ServerUnderTest;

/**
 * The project's own echo models against the test kit a student runs against theirs ({@code server-testkit}), each
 * run as a student runs it, {@code java -jar concurrent-server.jar --model MODEL PORT}, so that the descriptor limit
 * applies too: the sequential model declared one client at a time, the concurrent ones declared four at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EveryServerModelPassesTheTestKitIT {

    /** The contract against one model's program. */
    abstract static class ModelContract extends EchoServerContract {
        private final Model model;

        ModelContract(Model model) {
            this.model = model;
        }

        @Override
        protected ServerUnderTest startServer() throws IOException {
            return ServerUnderTest.command(this::program);
        }

        @Override
        protected Expectation expectation() {
            return model == Model.SEQUENTIAL ? Expectation.sequential() : Expectation.concurrent(4);
        }

        /** No cap below the open-files limit, so that accept() meets EMFILE under the kit's limit. */
        private List<String> program(int port) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    Lab.concurrentServerJar(),
                    "--model",
                    model.cliName(),
                    "--bind",
                    "127.0.0.1",
                    "--max-connections",
                    "100000"));
            if (model == Model.POOL || model == Model.WORKERS) {
                command.addAll(List.of("--workers", "4"));
            }
            if (model == Model.WORKERS) {
                command.addAll(List.of("--per-worker", "1000"));
            }
            command.add(String.valueOf(port));
            return command;
        }
    }

    @Nested
    class Sequential extends ModelContract {
        Sequential() {
            super(Model.SEQUENTIAL);
        }
    }

    @Nested
    class Pool extends ModelContract {
        Pool() {
            super(Model.POOL);
        }
    }

    @Nested
    class Select extends ModelContract {
        Select() {
            super(Model.SELECT);
        }
    }

    @Nested
    class Workers extends ModelContract {
        Workers() {
            super(Model.WORKERS);
        }
    }
}
