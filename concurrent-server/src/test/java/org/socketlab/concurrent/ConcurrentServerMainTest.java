package org.socketlab.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentServerMainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ConcurrentServerMain.run(
                args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "8080|Missing required option: '--model=MODEL'",
                "--model forks 8080|unknown model 'forks': the models are sequential, thread, pool, selector, select,"
                        + " poll, workers, virtual, greeting, sigio, smart-select, process and prefork",
                "--model smart-select --workers 0 8080|bad value '0' for --workers",
                "--model pool --workers 0 8080|bad value '0' for --workers",
                "--model workers --per-worker x 8080|bad value 'x' for --per-worker",
                "--model thread abc|bad port 'abc'",
                "--model thread -o TCP_MSS=1 8080|unknown socket option 'TCP_MSS'",
                "--model selector -o SO_TIMEOUT=100 8080|SO_TIMEOUT is the timeout of a blocking read; the selector model",
                "--model thread --no-reaper 8080|--no-reaper is for --model process only",
                "--model process -o SO_TIMEOUT=100 8080|SO_TIMEOUT is kept by the JVM that reads, not by the socket",
                "--model prefork -o SO_KEEPALIVE=true 8080|the prefork workers accept their connections themselves",
            })
    void aBadCommandLineIsOneLineAndStatus2(String args, String expected) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("concurrent-server: ").contains(expected);
    }

    @Test
    void theGreetingServerSaysWhichNativeOptionItCannotReach() {
        assertThat(run("--model", "greeting", "--bind", "127.0.0.1", "-o", "TCP_MAXSEG=100", "1"))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("concurrent-server: ")
                .contains("TCP_MAXSEG cannot be reached on a ")
                .doesNotContain("Exception");
    }

    @Test
    void modelsParseInAnyCase() {
        assertThat(Model.parse(" Workers ")).isEqualTo(Model.WORKERS);
    }
}
