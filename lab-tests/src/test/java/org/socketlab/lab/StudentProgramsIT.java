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
    /**
     * The activities the class is checked against, to keep it short: those its stages and mistakes change (activity
     * 7 and its BACKLOG 1 are checked one by one above).
     */
    private static final String[] CLASS_ACTIVITIES = {"3", "4", "5", "9"};

    @Test
    void oneStudentsServerAndClientAreCheckedWhereTheyStand(Lab lab, @TempDir Path dir) throws IOException {
        Requirements.packetCapture();
        Requirements.tools("gcc");
        Path server = StudentPrograms.compile(lab, dir, StudentPrograms.SERVER_C, "EchoServer_seq", "-DBACKLOG=1");
        Path client = StudentPrograms.compile(lab, dir, StudentPrograms.CLIENT_C, "EchoClient", "-DLOOPS_WHEN_CLOSED");
        StudentPrograms.Checked check = StudentPrograms.check(
                lab,
                List.of("3", "7", "9", "--server-cmd", server + " {port}", "--client-cmd", client + " {host} {port}"));
        assertThat(check.status()).as("exit status; stdout %s", check.out()).isEqualTo(1);
        assertThat(check.verdict(7))
                .as("activity 7 runs: the backlog is 1; stdout %s", check.out())
                .isEqualTo("PASS");
        assertThat(check.verdict(3)).isEqualTo("FAIL");
        assertThat(check.verdict(9)).isEqualTo("FAIL");
        assertThat(check.out())
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
        Path server = StudentPrograms.compile(lab, dir, StudentPrograms.SERVER_C, "EchoServer_seq", "-DREUSE");
        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        asNobody.addAll(lab.javaCommand(
                List.of(), StudentPrograms.labJar(), "check", "2", "3", "--server-cmd", server + " {port}"));
        LabProcess check = lab.start("lab check as nobody", asNobody);
        int status = check.awaitExit(Duration.ofSeconds(100));
        String out = String.join("\n", check.stdoutLines());
        assertThat(check.stderrLines()).anySatisfy(l -> assertThat(l).startsWith("lab: not root"));
        assertThat(new StudentPrograms.Checked(status, out, check.stderrLines()).verdict(2))
                .as("activity 2, whose point is the frames; stdout %s", out)
                .isEqualTo("PARTIAL");
        assertThat(new StudentPrograms.Checked(status, out, check.stderrLines()).verdict(3))
                .isEqualTo("PARTIAL");
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
        StudentPrograms.Checked check = StudentPrograms.check(lab, args, Duration.ofSeconds(280));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(check.status())
                .as("exit status; stdout %s stderr %s", check.out(), check.err())
                .isEqualTo(1);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0))
                .isEqualTo("student,build,a1,a2,a3,a4,a5,a6,a7,a8,a9,closes,reuseaddr,backlog,client_mss");
        String notRun = "SKIPPED,SKIPPED,";
        assertRow(csv, "a-handout", "ok," + notRun + "FAIL,PASS,FAIL,SKIPPED,SKIPPED,SKIPPED,FAIL,no,no,5,65495");
        assertRow(csv, "b-closed", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,FAIL,yes,no,5,65495");
        assertRow(csv, "d-finished", "ok," + notRun + "PASS,AHEAD,PASS,SKIPPED,SKIPPED,SKIPPED,PASS,yes,yes,5,88");
        assertRow(csv, "e-one-client", "ok," + notRun + "PASS,PASS,FAIL,SKIPPED,SKIPPED,SKIPPED,PASS,yes,no,5,none");
        assertRow(
                csv,
                "f-broken-make",
                "failed,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,SKIPPED,unknown,unknown,unknown,"
                        + "none");
        assertRow(csv, "g-daemon", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,PASS,yes,no,5,none");
        assertRow(csv, "h-fork-bomb", "ok," + notRun + "PASS,PASS,PASS,SKIPPED,SKIPPED,SKIPPED,PASS,yes,no,5,none");
        assertThat(csv).hasSize(8);

        assertThat(check.out())
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
                .contains("\"score\": 4,")
                .contains("\"max_score\": 4,")
                .contains("\"name\": \"Activity 4. Restarting a killed server\", \"status\": \"passed\"");
        assertThat(Files.readString(out.resolve("f-broken-make").resolve("index.html")))
                .contains("The build failed");
        System.out.printf("StudentProgramsIT: the class of 7 took %.0f s%n", seconds);
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
        Files.writeString(dir.resolve("EchoServer_seq.c"), StudentPrograms.SERVER_C);
        Files.writeString(dir.resolve("EchoClient.c"), StudentPrograms.CLIENT_C);
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
}
