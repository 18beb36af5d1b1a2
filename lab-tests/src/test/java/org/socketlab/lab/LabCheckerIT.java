package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * {@code java -jar lab.jar check}, the checker a student or an instructor runs against a server, is itself checked:
 * it passes the server as built, and fails the activity a broken server breaks, for the right reason: the lab
 * server with {@code --fault no-close} fails activity 3; with {@code --reuse-address} it is AHEAD of activity 4
 * (activity 8's change); the lab's C design (close() of the active socket, SO_REUSEADDR set), compiled here, passes
 * 3 and is AHEAD of 4, and without its close() fails 3.
 */
@LabExperiment
class LabCheckerIT {
    /** The lab's sequential server in C, as the handout leaves it after activities 3 and 8. */
    private static final String ECHO_SERVER_SEQ_C = """
            #include <netdb.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>

            int main(int argc, char **argv) {
                if (argc != 2) {
                    fprintf(stderr, "usage: EchoServer_seq port\\n");
                    return 1;
                }
                struct addrinfo hints, *res;
                memset(&hints, 0, sizeof hints);
                hints.ai_family = AF_INET;
                hints.ai_socktype = SOCK_STREAM;
                hints.ai_flags = AI_PASSIVE;
                if (getaddrinfo(NULL, argv[1], &hints, &res) != 0) {
                    fprintf(stderr, "server: bad port %s\\n", argv[1]);
                    return 1;
                }
                int s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
                int yes = 1;
                if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0
                        || bind(s, res->ai_addr, res->ai_addrlen) != 0 || listen(s, 17) != 0) {
                    perror("server");
                    return 1;
                }
                printf("server: waiting for connections...\\n");
                fflush(stdout);
                for (;;) {
                    int fd = accept(s, NULL, NULL);
                    if (fd < 0) {
                        continue;
                    }
                    char buf[BUFSIZ];
                    ssize_t n;
                    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
                        if (send(fd, buf, n, 0) != n) {
                            perror("echo write");
                            exit(1);
                        }
                    }
            #ifndef NO_CLOSE
                    close(fd);
            #endif
                }
            }
            """;

    @Test
    void passesTheServerAsBuiltWithinAMinute(Lab lab) {
        Requirements.packetCapture();
        long start = System.nanoTime();
        Checked check = check(lab);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(check.status)
                .as("exit status of lab check; stdout %s stderr %s", check.out, check.err)
                .isZero();
        assertThat(check.out).contains("lab: every observation held");
        for (int activity = 1; activity <= 9; activity++) {
            assertThat(check.verdict(activity))
                    .as("activity %d's verdict", activity)
                    .isEqualTo("PASS");
        }
        assertThat(seconds).as("lab check's time, s").isLessThan(60);
    }

    @Test
    void failsActivity3WhenTheServerNeverClosesTheActiveSocket(Lab lab) {
        Requirements.packetCapture();
        Checked check = check(lab, "3", "--server-args", "--fault no-close");
        assertThat(check.status).as("exit status; stdout %s", check.out).isEqualTo(1);
        assertThat(check.verdict(3)).isEqualTo("FAIL");
        assertThat(check.err)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("lab: FAILED activity 3: ✘ the server closes "
                                + "the active socket: its [F.] follows: not seen on the wire"));
    }

    @Test
    void activity4IsAheadWhenTheServerSetsSoReuseaddr(Lab lab) {
        Requirements.packetCapture();
        Checked check = check(lab, "4", "--server-args", "--reuse-address");
        assertThat(check.status).as("exit status; stdout %s", check.out).isZero();
        assertThat(check.verdict(4)).isEqualTo("AHEAD");
        assertThat(check.out)
                .contains("AHEAD: already has activity 8's SO_REUSEADDR: the restart succeeds, as activity 8 expects")
                .containsPattern("SO_REUSEADDR on the listening socket +yes");
    }

    @Test
    void theLabsCServerPassesActivity3AndIsAheadOfActivity4ForItsSoReuseaddr(Lab lab, @TempDir Path dir)
            throws IOException {
        Path server = compile(lab, dir, "EchoServer_seq");
        Checked check = check(lab, "3", "4", "--server-cmd", server + " {port}");
        assertThat(check.status).as("exit status; stdout %s", check.out).isZero();
        assertThat(check.verdict(3)).as("activity 3; stdout %s", check.out).isEqualTo("PASS");
        assertThat(check.verdict(4)).isEqualTo("AHEAD");
        assertThat(check.out)
                .as("where the server stands, read from the kernel")
                .containsPattern("closes the active socket +yes")
                .containsPattern("SO_REUSEADDR on the listening socket +yes")
                .containsPattern("backlog +17 +Send-Q")
                .doesNotContain("rests on the lab server's");
    }

    @Test
    void theLabsCServerWithoutCloseFailsActivity3(Lab lab, @TempDir Path dir) throws IOException {
        Path server = compile(lab, dir, "EchoServer_seq_noclose", "-DNO_CLOSE");
        Checked check = check(lab, "3", "--server-cmd", server + " {port}");
        assertThat(check.status).as("exit status; stdout %s", check.out).isEqualTo(1);
        assertThat(check.verdict(3)).isEqualTo("FAIL");
        assertThat(check.err)
                .anySatisfy(
                        l -> assertThat(l).startsWith("lab: FAILED activity 3: ✘ the server closes the active socket"));
    }

    private static Path compile(Lab lab, Path dir, String name, String... defines) throws IOException {
        Requirements.packetCapture();
        Requirements.tools("gcc");
        Path source = dir.resolve("EchoServer_seq.c");
        Files.writeString(source, ECHO_SERVER_SEQ_C);
        List<String> gcc =
                new ArrayList<>(List.of("gcc", "-O2", "-o", dir.resolve(name).toString()));
        gcc.addAll(List.of(defines));
        gcc.add(source.toString());
        LabProcess compiler = lab.start("gcc", gcc);
        assertThat(compiler.awaitExit(Duration.ofSeconds(60)))
                .as("gcc's exit status; stderr %s", compiler.stderrLines())
                .isZero();
        return dir.resolve(name);
    }

    /** Runs {@code java -jar lab.jar check ARGS} to its end. */
    private static Checked check(Lab lab, String... args) {
        String jar = System.getProperty("lab.jar", "../lab/target/lab.jar");
        List<String> command = new ArrayList<>(List.of("check"));
        command.addAll(List.of(args));
        LabProcess check = lab.start("lab check", lab.javaCommand(List.of(), jar, command.toArray(String[]::new)));
        int status = check.awaitExit(Duration.ofSeconds(100));
        return new Checked(status, String.join("\n", check.stdoutLines()), check.stderrLines());
    }

    private record Checked(int status, String out, List<String> err) {

        /** The verdict column of an activity's row in the summary table. */
        String verdict(int activity) {
            return out.lines()
                    .filter(l -> l.matches(activity + "\\s{2,}\\S.*\\s(PASS|FAIL|AHEAD|PARTIAL|SKIPPED)$"))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .findFirst()
                    .orElse("no row for " + activity);
        }
    }
}
