package org.socketlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** bench/run.sh at its smallest: one model, one count, one round, against the C epoll server it compiles. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunScriptSmokeIT {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path out;

    @Test
    void printsARowWithItsRatioAndWritesTheCsv() throws Exception {
        requireGcc();
        Process run = new ProcessBuilder(
                        ROOT.resolve("bench/run.sh").toString(),
                        "--models",
                        "selector",
                        "--counts",
                        "1",
                        "--rounds",
                        "1",
                        "--seconds",
                        "1",
                        "--no-check",
                        "--no-plot",
                        "--out",
                        out.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        run.getOutputStream().close();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("run.sh ended").isTrue();
        assertThat(run.exitValue()).as("exit status; output:%n%s", printed).isZero();
        assertThat(printed)
                .as("the table row of selector at 1 connection")
                .containsPattern(
                        "(?m)^selector +1 +\\d+ +[\\d.]+ +[\\d.]+ \\| C-epoll +\\d+ +[\\d.]+ \\| +\\d\\.\\d{3} ");
        assertThat(Files.readAllLines(out.resolve("results.csv")))
                .as("results.csv")
                .hasSize(2)
                .last()
                .asString()
                .startsWith("selector,1,C-epoll,");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"model\":\"selector\"", "\"ratio\":");
    }

    private static void requireGcc() throws IOException, InterruptedException {
        boolean gcc;
        try {
            gcc = new ProcessBuilder("gcc", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            gcc = false;
        }
        if (!gcc) {
            String reason = "gcc is missing: bench/run.sh compiles its C baselines (apt-get install gcc)";
            if ("1".equals(System.getenv("SOCKETLAB_REQUIRE_ALL"))) {
                throw new AssertionError("SOCKETLAB_REQUIRE_ALL=1 but " + reason);
            }
            System.out.println("RunScriptSmokeIT skipped: " + reason);
            Assumptions.abort(reason);
        }
    }
}
