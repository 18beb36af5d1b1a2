package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * {@code lab check --lab 3} passes the project's servers, and fails demand-accept.c as the course gives it: its
 * SIGIO handler accepts one connection per signal, so a burst, whose signals coalesce, leaves clients unanswered.
 */
@LabExperiment
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Lab3CheckerIT {
    /** demand-accept.c's design with a port argument: one accept() per SIGIO. */
    private static final String DEMAND_ACCEPT_C = """
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <netinet/in.h>
            #include <signal.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>

            static int listener;

            static void sigio_handler(int sig) {
                (void) sig;
                int client = accept(listener, NULL, NULL); /* once per signal */
                if (client >= 0) {
                    write(client, "hello\\ngoodbye!\\n\\n", 16);
                    close(client);
                }
            }

            int main(int argc, char **argv) {
                struct sockaddr_in addr;
                memset(&addr, 0, sizeof addr);
                addr.sin_family = AF_INET;
                addr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 9999);
                listener = socket(AF_INET, SOCK_STREAM, 0);
                if (bind(listener, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(listener, 20) != 0) {
                    return 1;
                }
                struct sigaction act;
                memset(&act, 0, sizeof act);
                act.sa_handler = sigio_handler;
                sigaction(SIGIO, &act, NULL);
                fcntl(listener, F_SETOWN, getpid());
                fcntl(listener, F_SETFL, O_ASYNC | O_NONBLOCK);
                for (;;) {
                    sleep(5);
                }
            }
            """;

    @Test
    void passesTheProjectsServers(Lab lab) {
        Requirements.packetCapture();
        Checked check = check(lab, "--lab", "3");
        assertThat(check.status)
                .as("exit status of lab check --lab 3; stdout %s stderr %s", check.out, check.err)
                .isZero();
        assertThat(check.out).contains("lab: every observation held");
    }

    @Test
    void failsTheCDemandAcceptThatAcceptsOncePerSignalUnderABurst(Lab lab, @TempDir Path dir) throws IOException {
        Requirements.tools("gcc");
        Path source = dir.resolve("demand-accept.c");
        Files.writeString(source, DEMAND_ACCEPT_C);
        Path binary = dir.resolve("demand-accept");
        LabProcess gcc = lab.start("gcc", List.of("gcc", "-O2", "-o", binary.toString(), source.toString()));
        assertThat(gcc.awaitExit(Duration.ofSeconds(60)))
                .as("gcc; stderr %s", gcc.stderrLines())
                .isZero();
        Checked check = check(lab, "--lab", "3", "2", "--server-cmd", binary + " {port}");
        assertThat(check.status).as("exit status; stdout %s", check.out).isEqualTo(1);
        assertThat(check.out).contains("✔ the process catches SIGIO");
        assertThat(check.err)
                .singleElement()
                .asString()
                .startsWith("lab: FAILED activity 2: ✘ every one of the 20 gets the greeting")
                .contains("a handler that accepts once per SIGIO loses them: accept until EAGAIN");
    }

    private static Checked check(Lab lab, String... args) {
        String jar = System.getProperty("lab.jar", "../lab/target/lab.jar");
        List<String> command = new ArrayList<>(List.of("check"));
        command.addAll(List.of(args));
        LabProcess check = lab.start("lab check", lab.javaCommand(List.of(), jar, command.toArray(String[]::new)));
        int status = check.awaitExit(Duration.ofSeconds(100));
        return new Checked(status, String.join("\n", check.stdoutLines()), check.stderrLines());
    }

    private record Checked(int status, String out, List<String> err) {}
}
