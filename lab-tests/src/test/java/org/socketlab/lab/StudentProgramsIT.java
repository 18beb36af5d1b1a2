package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * {@code lab check} against students' own C programs, written here at each stage of the lab and with the typical
 * mistakes: one student's server and client at a time, a whole class in its boxes ({@code --submissions}), and a
 * run without root, which must never call an activity whose frames it could not see a PASS.
 */
@LabExperiment
class StudentProgramsIT {
    /** A student's EchoServer_seq.c; each stage or mistake is a -D switch of its Makefile. */
    private static final String SERVER_C = """
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
    private static final String CLIENT_C = """
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

    /** The activities the class is checked against: those the stages and mistakes change, to keep it short. */
    private static final String[] CLASS_ACTIVITIES = {"3", "4", "5", "7", "9"};

    @Test
    void oneStudentsServerAndClientAreCheckedWhereTheyStand(Lab lab, @TempDir Path dir) throws IOException {
        Requirements.packetCapture();
        Requirements.tools("gcc");
        Path server = compile(lab, dir, SERVER_C, "EchoServer_seq", "-DBACKLOG=1");
        Path client = compile(lab, dir, CLIENT_C, "EchoClient", "-DLOOPS_WHEN_CLOSED");
        Checked check = check(
                lab,
                List.of("3", "7", "9", "--server-cmd", server + " {port}", "--client-cmd", client + " {host} {port}"));
        assertThat(check.status).as("exit status; stdout %s", check.out).isEqualTo(1);
        assertThat(check.verdict(7))
                .as("activity 7 runs: the backlog is 1; stdout %s", check.out)
                .isEqualTo("PASS");
        assertThat(check.verdict(3)).isEqualTo("FAIL");
        assertThat(check.verdict(9)).isEqualTo("FAIL");
        assertThat(check.out)
                .contains("✘ when the server closes, the client ends (read() returning 0 is the end): the client "
                        + "never ends when the server closes")
                .contains("✔ at EOF (CTRL-D) the client closes its socket and exits")
                .contains("✘ the client's SYN carries mss 88 (TCP_MAXSEG set before connect): its SYN carries mss "
                        + "65495: set TCP_MAXSEG to 88")
                .containsPattern("closes the active socket +yes")
                .containsPattern("SO_REUSEADDR on the listening socket +no")
                .containsPattern("backlog +1 ")
                .containsPattern("one client at a time +yes")
                .containsPattern("survives a client's RST +no +the server exited with status 1")
                .containsPattern("the client's MSS +65495");
    }

    @Test
    void aRunWithoutRootNeverCallsAnActivityWithUnseenFramesAPass(Lab lab, @TempDir Path dir) throws IOException {
        Requirements.tools("gcc", "setpriv");
        if (!Requirements.isRoot()) {
            Requirements.packetCapture(); // skips, saying root is needed to run lab check as another user
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path server = compile(lab, dir, SERVER_C, "EchoServer_seq", "-DREUSE");
        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        asNobody.addAll(lab.javaCommand(List.of(), labJar(), "check", "2", "3", "--server-cmd", server + " {port}"));
        LabProcess check = lab.start("lab check as nobody", asNobody);
        int status = check.awaitExit(Duration.ofSeconds(100));
        String out = String.join("\n", check.stdoutLines());
        assertThat(check.stderrLines()).anySatisfy(l -> assertThat(l).startsWith("lab: not root"));
        assertThat(new Checked(status, out, check.stderrLines()).verdict(2))
                .as("activity 2, whose point is the frames; stdout %s", out)
                .isEqualTo("PARTIAL");
        assertThat(new Checked(status, out, check.stderrLines()).verdict(3)).isEqualTo("PARTIAL");
        assertThat(out)
                .contains(
                        "PARTIAL: not seen: [S] from the client, [S.] from the server, [.] from the client (needs the "
                                + "capture (root and tcpdump))")
                .doesNotContainPattern("(?m)^\\d .*PASS$");
        assertThat(status)
                .as("exit status: nothing failed, not everything seen")
                .isEqualTo(3);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aClassIsCheckedEachStudentInABoxAndNothingOfItOutlivesTheCheck(Lab lab, @TempDir Path dir) throws IOException {
        Requirements.packetCapture();
        Requirements.tools("gcc", "make", "unshare", "setpriv", "prlimit");
        Path submissions = dir.resolve("submissions");
        submission(submissions, "a-handout", "-DNO_CLOSE", "-DLOOPS_WHEN_CLOSED");
        submission(submissions, "b-closed", "", "");
        submission(submissions, "c-backlog1", "-DBACKLOG=1", null);
        submission(submissions, "d-finished", "-DREUSE -DROBUST", "-DMAXSEG=88");
        submission(submissions, "e-one-client", "-DONE_CLIENT", null);
        Files.createDirectories(submissions.resolve("f-broken-make"));
        Files.writeString(
                submissions.resolve("f-broken-make").resolve("Makefile"),
                "EchoServer_seq: EchoServer_seq.c\n\t$(CC) -o $@ $<\n");
        submission(submissions, "g-daemon", "-DDAEMON -DROBUST", null);
        submission(submissions, "h-fork-bomb", "-DFORK_BOMB -DROBUST", null);
        Path out = dir.resolve("report");
        List<String> args = new ArrayList<>(List.of(CLASS_ACTIVITIES));
        args.addAll(List.of("--submissions", submissions.toString(), "--report", out.toString()));

        long start = System.nanoTime();
        Checked check = check(lab, args, Duration.ofSeconds(280));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(check.status)
                .as("exit status; stdout %s stderr %s", check.out, check.err)
                .isEqualTo(1);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0))
                .isEqualTo("student,build,a1,a2,a3,a4,a5,a6,a7,a8,a9,closes,reuseaddr,backlog,client_mss");
        String notRun = "SKIPPED,SKIPPED,";
        assertRow(csv, "a-handout", "ok," + notRun + "FAIL,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,FAIL,no,no,5,65495");
        assertRow(csv, "b-closed", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,FAIL,yes,no,5,65495");
        assertRow(csv, "c-backlog1", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,PASS,SKIPPED,PASS,yes,no,1,none");
        assertRow(csv, "d-finished", "ok," + notRun + "PASS,AHEAD,PASS,SKIPPED,SKIPPED,SKIPPED,PASS,yes,yes,5,88");
        assertRow(csv, "e-one-client", "ok," + notRun + "PASS,PASS,FAIL,SKIPPED,SKIPPED,SKIPPED,PASS,yes,no,5,none");
        assertRow(
                csv,
                "f-broken-make",
                "failed,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,unknown,unknown,unknown,"
                        + "none");
        assertRow(csv, "g-daemon", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,PASS,yes,no,5,none");
        assertRow(csv, "h-fork-bomb", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,PASS,yes,no,5,none");
        assertThat(csv).hasSize(9);

        assertThat(check.out)
                .as("the fork bomb is reported as stopped by its limit")
                .containsPattern("h-fork-bomb .*reached the limit of \\d+ processes");
        assertThat(studentsProcesses())
                .as("processes of the students' users after the check")
                .isEmpty();

        String page = Files.readString(out.resolve("index.html"));
        assertThat(page).contains("<a href=\"d-finished/index.html\">d-finished</a>");
        String finished = Files.readString(out.resolve("d-finished").resolve("index.html"));
        assertThat(finished)
                .contains("already has activity 8&#39;s SO_REUSEADDR".replace("&#39;", "'"))
                .contains("<a href=\"activity-4.html\">");
        assertThat(Files.readString(out.resolve("d-finished").resolve("activity-4.html")))
                .as("the ladder of the student's own capture")
                .contains("<svg");
        assertThat(Files.readString(out.resolve("a-handout").resolve("junit.xml")))
                .contains("<testcase classname=\"activity 3. The server that forgets close()\" name=\"the server "
                        + "closes the active socket: its [F.] follows\"><failure message=\"not seen on the wire");
        assertThat(Files.readString(out.resolve("d-finished").resolve("results.json")))
                .contains("\"score\": 5,")
                .contains("\"max_score\": 5,")
                .contains("\"name\": \"Activity 4. Restarting a killed server\", \"status\": \"passed\"");
        assertThat(Files.readString(out.resolve("f-broken-make").resolve("index.html")))
                .contains("The build failed");
        System.out.printf("StudentProgramsIT: the class of 8 took %.0f s%n", seconds);
    }

    private static void assertRow(List<String> csv, String student, String cells) {
        String row = csv.stream()
                .filter(l -> l.startsWith(student + ","))
                .findFirst()
                .orElse("no row for " + student);
        String[] expected = (student + "," + cells).split(",", -1);
        String[] seen = row.split(",", -1);
        String[] header = csv.get(0).split(",");
        assertThat(seen).as("%s's row: %s", student, row).hasSameSizeAs(expected);
        for (int i = 1; i < expected.length; i++) {
            assertThat(seen[i]).as("%s's %s", student, header[i]).isEqualTo(expected[i]);
        }
    }

    /** A student's folder: the sources, and a Makefile building the server (and the client, unless null). */
    private static void submission(Path submissions, String student, String serverFlags, String clientFlags)
            throws IOException {
        Path dir = Files.createDirectories(submissions.resolve(student));
        Files.writeString(dir.resolve("EchoServer_seq.c"), SERVER_C);
        Files.writeString(dir.resolve("EchoClient.c"), CLIENT_C);
        String all = clientFlags == null ? "EchoServer_seq" : "EchoServer_seq EchoClient";
        Files.writeString(
                dir.resolve("Makefile"),
                "all: " + all + "\n\nEchoServer_seq: EchoServer_seq.c\n\t$(CC) -O2 " + serverFlags
                        + " -o $@ EchoServer_seq.c\n\nEchoClient: EchoClient.c\n\t$(CC) -O2 "
                        + (clientFlags == null ? "" : clientFlags) + " -o $@ EchoClient.c\n");
    }

    /** The pids of the students' users (uid 61000 and up), from /proc. */
    private static List<String> studentsProcesses() throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : all) {
                try {
                    for (String line : Files.readAllLines(process.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            int uid = Integer.parseInt(line.split("\\s+")[1]);
                            if (uid >= 61000 && uid < 62000) {
                                found.add(process.getFileName() + " (uid " + uid + ")");
                            }
                        }
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }

    private static Path compile(Lab lab, Path dir, String source, String name, String... defines) throws IOException {
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

    private static String labJar() {
        return Path.of(System.getProperty("lab.jar", "../lab/target/lab.jar"))
                .toAbsolutePath()
                .toString();
    }

    private static Checked check(Lab lab, List<String> args) {
        return check(lab, args, Duration.ofSeconds(100));
    }

    /** Runs {@code java -jar lab.jar check ARGS} to its end. */
    private static Checked check(Lab lab, List<String> args, Duration bound) {
        List<String> command = new ArrayList<>(List.of("check"));
        command.addAll(args);
        LabProcess check = lab.start("lab check", lab.javaCommand(List.of(), labJar(), command.toArray(String[]::new)));
        int status = check.awaitExit(bound);
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
