package org.socketlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResultsReaderTest {
    static final String HEADER = "model,connections,baseline,throughput,p50_us,p99_us,baseline_throughput,"
            + "baseline_p50_us,baseline_p99_us,ratio,client_cpu_s,server_cpu_s";

    @TempDir
    Path dir;

    @Test
    void readsEveryRowByTheHeadersNames() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("results.csv"),
                HEADER + "\n"
                        + "select,1,C-epoll,46007.5,16.18,45.695,56401,15.75,29.955,0.816,1.01,0.71\n"
                        + "\n"
                        + "sequential,10,C-sequential,51126.5,15.985,31.79,51616.5,15.41,27.165,0.990,0.945,0.5\n"
                        + "netty,100,C-epoll,192107,471.81,1217.54,194954,469.76,1212.42,0.985,1.98,1.82\n");
        List<Result> results = ResultsReader.read(csv);
        assertThat(results)
                .containsExactly(
                        new Result("select", 1, "C-epoll", 46007.5, 16.18, 45.695, 56401, 29.955, 0.816),
                        new Result("sequential", 10, "C-sequential", 51126.5, 15.985, 31.79, 51616.5, 27.165, 0.990),
                        new Result("netty", 100, "C-epoll", 192107, 471.81, 1217.54, 194954, 1212.42, 0.985));
        assertThat(results)
                .extracting(Result::reference)
                .as("reference rows: netty's only")
                .containsExactly(false, false, true);
    }

    @Test
    void aMissingColumnIsNamed() throws Exception {
        Path csv = Files.writeString(dir.resolve("results.csv"), "model,connections\nselect,1\n");
        assertThatThrownBy(() -> ResultsReader.read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(csv + ": no column 'baseline' in the header");
    }

    @Test
    void aValueThatIsNotANumberNamesItsLine() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("results.csv"),
                HEADER + "\n" + "select,1,C-epoll,fast,16.18,45.695,56401,15.75,29.955,0.816,1.01,0.71\n");
        assertThatThrownBy(() -> ResultsReader.read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(csv + ": line 2: not a number: For input string: \"fast\"");
    }

    @Test
    void aShortLineNamesItsLine() throws Exception {
        Path csv = Files.writeString(dir.resolve("results.csv"), HEADER + "\nselect,1,C-epoll\n");
        assertThatThrownBy(() -> ResultsReader.read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(csv + ": line 2 has 3 fields, the header 12");
    }
}
