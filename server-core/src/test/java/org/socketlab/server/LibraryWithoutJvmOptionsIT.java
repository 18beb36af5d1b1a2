package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library in a program of its own, as a later lab uses it: no SLF4J backend on the class path, and the JVM
 * options of the project's jars given or not. The lab's lines are right either way and nothing else is printed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LibraryWithoutJvmOptionsIT {

    @ParameterizedTest(name = "with --add-exports: {0}")
    @ValueSource(booleans = {true, false})
    void theLabsLinesAreRightAndNoWarningIsPrinted(boolean jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (jvmOptions) {
            command.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LibraryProgram.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output.lines())
                .as(output)
                .anyMatch(l -> l.startsWith("Waiting for incoming connections at port"))
                .anyMatch(l -> l.matches("Connection from 127.0.0.1 remote port \\d+ closed: 6 bytes echoed"))
                .anyMatch(l -> l.matches("Connection from 127.0.0.1 remote port \\d+ failed after 7 bytes echoed: .*"))
                .noneMatch(l -> l.contains("closed: 7 bytes echoed"))
                .noneMatch(l -> l.contains("SLF4J"))
                .noneMatch(l -> l.contains("socket-options:"));
    }
}
