package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;

/**
 * What a student reads when a command goes wrong is said in the lab's words: the bad-input cases of
 * docs/bad-input.md and of {@code lab}, each run as the real program, print no Java internals (a {@code PT10S}
 * duration, Awaitility's condition text, an exception's class name, picocli's "Unmatched argument at index 1" or
 * "'abc' is not an int"). The programs run side by side, a JVM each.
 */
@LabExperiment
class MessagesInTheLabsWordsIT {

    /** Java's and its libraries' words, never the lab's. */
    private static final Pattern INTERNALS = Pattern.compile("\\bPT\\d+(\\.\\d+)?[HMS]\\b|(?i:awaitility)"
            + "|lambda expression|\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bjava\\.[a-z]+\\.|Unmatched argument"
            + "|is not an? (int|long|Integer|Long)\\b|^\\s+at [a-z]");

    @Test
    void noBadInputCaseOfAnyProgramPrintsJavaInternals(Lab lab, @TempDir Path dir) {
        String server = lab.serverJar();
        String client = lab.clientJar();
        String labJar = System.getProperty("lab.jar", "../lab/target/lab.jar");
        String closed = String.valueOf(lab.freePort());
        Map<String, String> jars = Map.of("echo-server", server, "echo-client", client, "lab", labJar);
        Map<String, List<String>> argsOf = Map.of(
                "echo-server",
                List.of(
                        "abc",
                        "8080 8081",
                        "--backlog x 8080",
                        "--frobnicate 8080",
                        "-o TCP_MSS=88 8080",
                        "-o TCP_MAXSEG 8080",
                        "-o TCP_MAXSEG=abc 8080",
                        "-o",
                        "--fault sometimes 8080",
                        "--idle-timeout soon 8080",
                        "--udp --backlog 5 8080"),
                "echo-client",
                List.of(
                        "localhost",
                        "localhost:28790",
                        "localhost 80 90",
                        "localhost abc",
                        "-o TCP_MAXSEG=abc localhost 8080",
                        "-o =1 localhost 8080",
                        "--connect-timeout soon localhost 8080",
                        "--bogus localhost 8080",
                        "--tries 5 127.0.0.1 8080",
                        "127.0.0.1 " + closed),
                "lab",
                List.of(
                        "bogus",
                        "run",
                        "run abc",
                        "run 2 2",
                        "run 12",
                        "list 3",
                        "check abc",
                        "run 1 --jars " + dir.resolve("none"),
                        "draw " + dir.resolve("none.txt"),
                        "draw --frobnicate"));
        Map<String, List<String>> cases = new LinkedHashMap<>();
        argsOf.forEach((program, list) ->
                list.forEach(args -> cases.put(program + " " + args, command(lab, jars.get(program), args))));
        Map<String, LabProcess> running = new LinkedHashMap<>();
        cases.forEach((what, command) -> running.put(what, lab.start(what, command)));

        List<String> internals = new ArrayList<>();
        running.forEach((what, process) -> {
            int status = process.awaitExit(WAIT);
            assertThat(status)
                    .as("%s's exit status; stderr %s", what, process.stderrLines())
                    .isNotZero();
            List<String> lines = new ArrayList<>(process.stdoutLines());
            lines.addAll(process.stderrLines());
            lines.stream().filter(l -> INTERNALS.matcher(l).find()).forEach(l -> internals.add(what + ": " + l));
        });
        assertThat(internals).as("lines in Java's words, not the lab's").isEmpty();
        assertThat(running.get("lab run 2 2").stderrLines())
                .containsExactly(
                        "lab run: unexpected argument '2': lab run takes [options] N|NAME (see lab run --help)");
        assertThat(running.get("lab run abc").stderrLines())
                .containsExactly("lab: no activity abc: the activities are 1 to 9 and the cheat sheet's window,"
                        + " retransmit, keepalive, timewait, congestion, mss (lab list)");
        assertThat(running.get("echo-client localhost:28790").stderrLines())
                .containsExactly("echo-client: HOST and PORT are two arguments: echo-client [options] localhost 28790"
                        + " (see --help)");
    }

    private static List<String> command(Lab lab, String jar, String args) {
        return lab.javaCommand(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), jar, args.split(" "));
    }
}
