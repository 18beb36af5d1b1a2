package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/**
 * One run of {@code java -jar lab.jar check ARGS} to its end, as a student runs it.
 *
 * @param status its exit status
 * @param out its standard output
 * @param err its standard error, line by line
 */
record LabCheckRun(int status, String out, List<String> err) {

    /** Runs {@code lab check ARGS} with the lab.jar of this build. */
    static LabCheckRun of(Lab lab, String... args) {
        String jar = System.getProperty("lab.jar", "../lab/target/lab.jar");
        List<String> command = new ArrayList<>(List.of("check"));
        command.addAll(List.of(args));
        LabProcess check = lab.start("lab check", lab.javaCommand(List.of(), jar, command.toArray(String[]::new)));
        int status = check.awaitExit(Duration.ofSeconds(100));
        return new LabCheckRun(status, String.join("\n", check.stdoutLines()), check.stderrLines());
    }

    /**
     * Compiles a C server of the lab: {@code gcc -O2 -o DIR/NAME DEFINES DIR/FILE} from {@code source}.
     *
     * @return the program
     */
    static Path compile(Lab lab, Path dir, String file, String source, String name, String... defines)
            throws IOException {
        Path c = dir.resolve(file);
        Files.writeString(c, source);
        List<String> gcc =
                new ArrayList<>(List.of("gcc", "-O2", "-o", dir.resolve(name).toString()));
        gcc.addAll(List.of(defines));
        gcc.add(c.toString());
        LabProcess compiler = lab.start("gcc", gcc);
        assertThat(compiler.awaitExit(Duration.ofSeconds(60)))
                .as("gcc's exit status; stderr %s", compiler.stderrLines())
                .isZero();
        return dir.resolve(name);
    }

    /** The verdict column of an activity's row in the summary table. */
    String verdict(int activity) {
        return out.lines()
                .filter(l -> l.matches(activity + "\\s{2,}\\S.*\\s(PASS|FAIL|SKIPPED)$"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .findFirst()
                .orElse("no row for " + activity);
    }
}
