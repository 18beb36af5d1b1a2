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
 * Students' C programs written the lab's way, each stage or mistake a -D switch, compiled here; and
 * {@code java -jar lab.jar check} run against them to its end, its summary table read back.
 */
final class StudentPrograms {
    /** A student's EchoServer_seq.c; each stage or mistake is a -D switch of its Makefile. */
    static final String SERVER_C = """
            #include <netdb.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>
            #ifndef BACKLOG
            #define BACKLOG 5
            #endif

            int main(int argc, char **argv) {
                if (argc != 2) {
                    fprintf(stderr, "usage: EchoServer_seq port\\n");
                    return 1;
                }
            #ifdef DAEMON
                if (fork() == 0) { /* a helper left behind: its own session, deaf to SIGTERM */
                    setsid();
                    signal(SIGTERM, SIG_IGN);
                    for (;;) pause();
                }
            #endif
            #ifdef FORK_BOMB
                for (;;) { /* forks until fork() fails: each child waits forever */
                    pid_t child = fork();
                    if (child == 0) {
                        for (;;) pause();
                    }
                    if (child < 0) {
                        break;
                    }
                }
            #endif
            #ifdef ROBUST
                signal(SIGPIPE, SIG_IGN);
            #endif
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
            #ifdef REUSE
                int yes = 1;
                setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            #endif
                if (s < 0 || bind(s, res->ai_addr, res->ai_addrlen) != 0 || listen(s, BACKLOG) != 0) {
                    perror("server");
                    return 1;
                }
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
            #ifdef ROBUST
                            break;
            #else
                            exit(1);
            #endif
                        }
                    }
            #ifndef NO_CLOSE
                    close(fd);
            #endif
            #ifdef ONE_CLIENT
                    return 0;
            #endif
                }
            }
            """;

    /** A student's EchoClient.c: TCP_MAXSEG with -DMAXSEG=88; the handout's loop on recv() returning 0. */
    static final String CLIENT_C = """
            #include <netdb.h>
            #include <netinet/in.h>
            #include <netinet/tcp.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <unistd.h>

            int main(int argc, char **argv) {
                if (argc != 3) {
                    fprintf(stderr, "usage: EchoClient host port\\n");
                    return 1;
                }
                struct addrinfo hints, *res;
                memset(&hints, 0, sizeof hints);
                hints.ai_family = AF_INET;
                hints.ai_socktype = SOCK_STREAM;
                if (getaddrinfo(argv[1], argv[2], &hints, &res) != 0) {
                    fprintf(stderr, "client: unknown host %s\\n", argv[1]);
                    return 1;
                }
                int s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
            #ifdef MAXSEG
                int mss = MAXSEG;
                setsockopt(s, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
            #endif
                if (connect(s, res->ai_addr, res->ai_addrlen) != 0) {
                    perror("client");
                    return 1;
                }
                char line[BUFSIZ];
                while (fgets(line, sizeof line, stdin) != NULL) {
                    send(s, line, strlen(line), 0);
                    ssize_t n = recv(s, line, sizeof line - 1, 0);
            #ifndef LOOPS_WHEN_CLOSED
                    if (n <= 0) {
                        fprintf(stderr, "client: the server closed the connection\\n");
                        break;
                    }
            #endif
                    if (n > 0) {
                        line[n] = '\\0';
                        fputs(line, stdout);
                        fflush(stdout);
                    }
                }
                close(s);
                return 0;
            }
            """;

    private StudentPrograms() {}

    static Path compile(Lab lab, Path dir, String source, String name, String... defines) throws IOException {
        Path file = dir.resolve(name + ".c");
        Files.writeString(file, source);
        List<String> gcc =
                new ArrayList<>(List.of("gcc", "-O2", "-o", dir.resolve(name).toString()));
        gcc.addAll(List.of(defines));
        gcc.add(file.toString());
        LabProcess compiler = lab.start("gcc", gcc);
        assertThat(compiler.awaitExit(Duration.ofSeconds(60)))
                .as("gcc's exit status; stderr %s", compiler.stderrLines())
                .isZero();
        return dir.resolve(name);
    }

    static String labJar() {
        return Path.of(System.getProperty("lab.jar", "../lab/target/lab.jar"))
                .toAbsolutePath()
                .toString();
    }

    static Checked check(Lab lab, List<String> args) {
        return check(lab, args, Duration.ofSeconds(100));
    }

    /** Runs {@code java -jar lab.jar check ARGS} to its end. */
    static Checked check(Lab lab, List<String> args, Duration bound) {
        List<String> command = new ArrayList<>(List.of("check"));
        command.addAll(args);
        LabProcess check = lab.start("lab check", lab.javaCommand(List.of(), labJar(), command.toArray(String[]::new)));
        int status = check.awaitExit(bound);
        return new Checked(status, String.join("\n", check.stdoutLines()), check.stderrLines());
    }

    record Checked(int status, String out, List<String> err) {

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
