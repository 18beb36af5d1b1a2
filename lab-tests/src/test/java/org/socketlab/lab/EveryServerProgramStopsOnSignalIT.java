package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.withDefaultSigint;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;

/**
 * Every server program ends alike after CTRL-C (SIGINT) and after SIGTERM, as each one's {@code --help} says: its
 * last line said, exit status 0.
 */
@LabExperiment
class EveryServerProgramStopsOnSignalIT {
    @TempDir
    Path root;

    @ParameterizedTest(name = "{0} after SIG{1}")
    @CsvSource({
        "echo-server, TERM",
        "echo-server, INT",
        "echo-server --udp, TERM",
        "echo-server --udp, INT",
        "concurrent-server, TERM",
        "concurrent-server, INT",
        "tftp-server, TERM",
        "tftp-server, INT"
    })
    void exitsWithStatus0AfterItsLastLine(String program, String signal, Lab lab) {
        LabProcess server =
                lab.start(program, withDefaultSigint(lab.javaCommand(List.of(), jar(lab, program), args(program))));
        server.awaitLine("^Waiting for .* at port \\d+", WAIT);
        server.signal(signal);
        assertThat(server.awaitExit(WAIT)).as("exit status after SIG" + signal).isZero();
        assertThat(server.stdoutLines()).last().asString().startsWith("Server stopped");
        assertThat(server.stderrLines()).isEmpty();
    }

    private static String jar(Lab lab, String program) {
        return switch (program) {
            case "concurrent-server" -> Lab.concurrentServerJar();
            case "tftp-server" -> tftpServerJar();
            default -> lab.serverJar();
        };
    }

    private String[] args(String program) {
        List<String> args = new ArrayList<>(List.of(program.split(" ")).subList(1, program.split(" ").length));
        switch (program) {
            case "concurrent-server" -> args.addAll(List.of("--model", "thread"));
            case "tftp-server" -> args.addAll(List.of("--root", root.toString()));
            default -> {}
        }
        args.add("0");
        return args.toArray(String[]::new);
    }

    private static String tftpServerJar() {
        String jar = System.getProperty("tftp.server.jar", "../file-server/target/tftp-server.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    jar + " does not exist: build the jars first (./mvnw -q package -DskipTests)");
        }
        return jar;
    }
}
