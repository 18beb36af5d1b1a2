package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.Requirements;

/**
 * {@code lab check --lab 2} is itself checked: it passes the process model as built and lab 2's C design (fork per
 * connection, the parent's close(), a SIGCHLD reaper), compiled here; it fails activity 5 against the process
 * model without its reaper, and activity 3 against the C server whose parent never closes its copy.
 */
@LabExperiment
class Lab2CheckerIT {
    /** Lab 2's TCPechod, reduced to what the checker judges: fork, the parent's close(), the reaper. */
    private static final String TCPECHOD_C = """
            #include <netinet/in.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <sys/wait.h>
            #include <unistd.h>

            static void reaper(int sig) {
                (void) sig;
                while (waitpid(-1, NULL, WNOHANG) > 0) {
                }
            }

            int main(int argc, char **argv) {
                if (argc != 2) {
                    fprintf(stderr, "usage: TCPechod port\\n");
                    return 1;
                }
                struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
                int msock = socket(AF_INET, SOCK_STREAM, 0);
                int yes = 1;
                setsockopt(msock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
                if (bind(msock, (struct sockaddr *) &sin, sizeof sin) != 0 || listen(msock, 5) != 0) {
                    perror("TCPechod");
                    return 1;
                }
                signal(SIGCHLD, reaper);
                for (;;) {
                    int ssock = accept(msock, NULL, NULL);
                    if (ssock < 0) {
                        continue;
                    }
                    if (fork() == 0) {
                        close(msock);
                        char buf[BUFSIZ];
                        ssize_t n;
                        while ((n = read(ssock, buf, sizeof buf)) > 0) {
                            if (write(ssock, buf, n) != n) {
                                exit(1);
                            }
                        }
                        exit(0);
                    }
            #ifndef NO_PARENT_CLOSE
                    close(ssock);
            #endif
                }
            }
            """;

    @Test
    void passesTheProcessModelAsBuilt(Lab lab) {
        Requirements.packetCapture();
        LabCheckRun check = LabCheckRun.of(lab, "--lab", "2");
        assertThat(check.status())
                .as("exit status of lab check; stdout %s stderr %s", check.out(), check.err())
                .isZero();
        for (int activity = 1; activity <= 6; activity++) {
            assertThat(check.verdict(activity))
                    .as("activity %d's verdict", activity)
                    .isEqualTo("PASS");
        }
    }

    @Test
    void failsActivity5WhenTheServerNeverReapsItsChildren(Lab lab) {
        Requirements.packetCapture();
        LabCheckRun check = LabCheckRun.of(lab, "--lab", "2", "5", "--server-args", "--no-reaper");
        assertThat(check.status()).as("exit status; stdout %s", check.out()).isEqualTo(1);
        assertThat(check.err())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("lab: FAILED activity 5: ✘ A's child is reaped within 2 s")
                        .contains("state Z: a zombie, the server never reaps it"));
    }

    @Test
    void passesTheCServerAndFailsActivity3WhenItsParentNeverClosesItsCopy(Lab lab, @TempDir Path dir)
            throws IOException {
        Requirements.packetCapture();
        Requirements.tools("gcc");
        Path good = compile(lab, dir, "TCPechod");
        LabCheckRun passing = LabCheckRun.of(lab, "--lab", "2", "3", "5", "--server-cmd", good + " {port}");
        assertThat(passing.status())
                .as("exit status; stdout %s stderr %s", passing.out(), passing.err())
                .isZero();
        Path leaky = compile(lab, dir, "TCPechod_noclose", "-DNO_PARENT_CLOSE");
        LabCheckRun failing = LabCheckRun.of(lab, "--lab", "2", "3", "--server-cmd", leaky + " {port}");
        assertThat(failing.status()).as("exit status; stdout %s", failing.out()).isEqualTo(1);
        assertThat(failing.err())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("lab: FAILED activity 3: ✘ the parent holds no descriptor of A's connection")
                        .contains("it never closed its copy after the fork"));
    }

    private static Path compile(Lab lab, Path dir, String name, String... defines) throws IOException {
        return LabCheckRun.compile(lab, dir, "TCPechod.c", TCPECHOD_C, name, defines);
    }
}
