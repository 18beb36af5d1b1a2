package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
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
    @Test
    void passesTheServerAsBuiltWithinAMinute(Lab lab) {
        Requirements.packetCapture();
        long start = System.nanoTime();
        StudentPrograms.Checked check = check(lab);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(check.status())
                .as("exit status of lab check; stdout %s stderr %s", check.out(), check.err())
                .isZero();
        assertThat(check.out()).contains("lab: every observation held");
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
        StudentPrograms.Checked check = check(lab, "3", "--server-args", "--fault no-close");
        assertThat(check.status()).as("exit status; stdout %s", check.out()).isEqualTo(1);
        assertThat(check.verdict(3)).isEqualTo("FAIL");
        assertThat(check.err())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("lab: FAILED activity 3: ✘ the server closes "
                                + "the active socket: its [F.] follows: not seen on the wire"));
    }

    @Test
    void activity4IsAheadWhenTheServerSetsSoReuseaddr(Lab lab) {
        Requirements.packetCapture();
        StudentPrograms.Checked check = check(lab, "4", "--server-args", "--reuse-address");
        assertThat(check.status()).as("exit status; stdout %s", check.out()).isZero();
        assertThat(check.verdict(4)).isEqualTo("AHEAD");
        assertThat(check.out())
                .contains("AHEAD: already has activity 8's SO_REUSEADDR: the restart succeeds, as activity 8 expects")
                .containsPattern("SO_REUSEADDR on the listening socket +yes");
    }

    @Test
    void theLabsCServerPassesActivity3AndIsAheadOfActivity4ForItsSoReuseaddr(Lab lab, @TempDir Path dir)
            throws IOException {
        Path server = compile(lab, dir, "EchoServer_seq");
        StudentPrograms.Checked check = check(lab, "3", "4", "--server-cmd", server + " {port}");
        assertThat(check.status()).as("exit status; stdout %s", check.out()).isZero();
        assertThat(check.verdict(3)).as("activity 3; stdout %s", check.out()).isEqualTo("PASS");
        assertThat(check.verdict(4)).isEqualTo("AHEAD");
        assertThat(check.out())
                .as("where the server stands, read from the kernel")
                .containsPattern("closes the active socket +yes")
                .containsPattern("SO_REUSEADDR on the listening socket +yes")
                .containsPattern("backlog +17 +Send-Q")
                .doesNotContain("rests on the lab server's");
    }

    @Test
    void theLabsCServerWithoutCloseFailsActivity3(Lab lab, @TempDir Path dir) throws IOException {
        Path server = compile(lab, dir, "EchoServer_seq_noclose", "-DNO_CLOSE");
        StudentPrograms.Checked check = check(lab, "3", "--server-cmd", server + " {port}");
        assertThat(check.status()).as("exit status; stdout %s", check.out()).isEqualTo(1);
        assertThat(check.verdict(3)).isEqualTo("FAIL");
        assertThat(check.err())
                .anySatisfy(
                        l -> assertThat(l).startsWith("lab: FAILED activity 3: ✘ the server closes the active socket"));
    }

    /** The lab's sequential server in C, as the handout leaves it after activities 3 and 8, unless -DNO_CLOSE. */
    private static Path compile(Lab lab, Path dir, String name, String... defines) throws IOException {
        Requirements.packetCapture();
        Requirements.tools("gcc");
        List<String> switches = new ArrayList<>(List.of("-DREUSE", "-DBACKLOG=17"));
        switches.addAll(List.of(defines));
        return StudentPrograms.compile(lab, dir, StudentPrograms.SERVER_C, name, switches.toArray(String[]::new));
    }

    private static StudentPrograms.Checked check(Lab lab, String... args) {
        return StudentPrograms.check(lab, List.of(args));
    }
}
