package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.fixture.Lab.WAIT;

import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * Bad input given to the real programs, as a student would give it: one clear line, the documented exit status,
 * no stack trace, and a running server goes on serving. The command-line cases without a network are in
 * {@code EchoServerMainTest} and {@code EchoClientMainTest}; docs/bad-input.md lists them all.
 */
@LabExperiment
class BadInputIT {

    /**
     * Runs a pipeline against the server on {@code port} and returns it once it has exited with status 0. Each one
     * takes about a second; one still running after {@link Lab#WAIT} is stuck, and the kernel's sockets of the port
     * say where (e.g. a server's end left in CLOSE_WAIT: it never closed).
     */
    private static LabProcess pipeline(Lab lab, int port, String script) {
        LabProcess shell = lab.shell("pipeline", "set -o pipefail; " + script);
        int status;
        try {
            status = shell.awaitExit(WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; the kernel has " + lab.kernel().describePort(port), e);
        }
        assertThat(status).as("pipeline status; stderr " + shell.stderrLines()).isZero();
        return shell;
    }

    @Test
    void everyByteValueCrLfAndNulComeBackByteExactAndTheServerServesOn(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        // 0x00..0xff twice, with CR LF and NUL among them, then a last line without a newline.
        LabProcess shell = pipeline(
                lab,
                port,
                "in=$(mktemp); out=$(mktemp);"
                        + " { for i in 1 2; do for b in $(seq 0 255); do printf \"\\\\$(printf %03o $b)\"; done; done;"
                        + " printf 'dos\\r\\n\\0nul\\0\\nlast'; } > $in;"
                        + " $JAVA -jar $C 127.0.0.1 " + port + " < $in > $out 2>/dev/null;"
                        + " cmp $in $out && echo identical $(stat -c %s $out)");
        assertThat(shell.stdoutLines()).containsExactly("identical 527");
        echo(Experiments.connectedClient(lab, "next client", port), "still serving");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void anEmptyStdinSendsOnlyAFinAndExits0(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        LabProcess shell = pipeline(lab, port, "$JAVA -jar $C 127.0.0.1 " + port + " < /dev/null | wc -c");
        assertThat(shell.stdoutLines()).containsExactly("0");
        server.awaitLine("closed: 0 bytes echoed$", WAIT);
    }

    @Test
    void a100MibLineWithoutNewlineStreamsThroughAClientLimitedTo64MibOfHeap(Lab lab) {
        int port = lab.freePort();
        listeningServer(lab, port);
        LabProcess shell = pipeline(
                lab,
                port,
                "line() { head -c 104857600 /dev/zero | tr '\\0' x; };"
                        + " a=$(line | sha256sum); b=$(line | $JAVA -Xmx64m -jar $C 127.0.0.1 " + port
                        + " 2>/dev/null | sha256sum); [ \"$a\" = \"$b\" ] && echo same $a");
        assertThat(shell.stdoutLines()).singleElement().asString().startsWith("same ");
    }

    @Test
    void stdoutClosedEarlyStopsTheClientWithOneLine(Lab lab) {
        int port = lab.freePort();
        LabProcess server = listeningServer(lab, port);
        LabProcess shell = pipeline(
                lab,
                port,
                "err=$(mktemp); seq 1 200000 | $JAVA -jar $C 127.0.0.1 " + port
                        + " 2>$err | head -1; echo \"status ${PIPESTATUS[1]}\"; grep -v '^client: ' $err");
        assertThat(shell.stdoutLines())
                .containsExactly("1", "status 1", "echo-client: standard output closed (Broken pipe); stopping");
        echo(Experiments.connectedClient(lab, "next client", port), "still serving");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void ipv6LoopbackWithAndWithoutBracketsEchoes(Lab lab) {
        int port = lab.freePort();
        listeningServer(lab, port, "--bind", "::1");
        for (String host : new String[] {"::1", "[::1]"}) {
            LabProcess shell = pipeline(lab, port, "printf 'six\\n' | $JAVA -jar $C '" + host + "' " + port);
            assertThat(shell.stdoutLines()).containsExactly("six");
        }
    }

    @Test
    void aPortBelow1024WithoutTheRightToBindItIsOneLine(Lab lab) {
        // As root, drop to nobody for this run, as a student's account would be.
        String asStudent = Requirements.isRoot() ? "setpriv --reuid=nobody --regid=nogroup --clear-groups " : "";
        LabProcess shell = lab.shell("server on port 80", asStudent + "$JAVA -jar $S 80");
        assertThat(shell.awaitExit(WAIT)).isEqualTo(1);
        assertThat(shell.stderrLines())
                .containsExactly("echo-server: cannot listen on port 80: Permission denied:"
                        + " ports below 1024 need root; choose a port from 1024 to 65535");
    }

    @Test
    void aPortInUseIsOneLineAndTheRunningServerGoesOn(Lab lab) {
        int port = lab.freePort();
        LabProcess first = listeningServer(lab, port);
        LabProcess second = lab.server(String.valueOf(port));
        assertThat(second.awaitExit(WAIT)).isEqualTo(1);
        assertThat(second.stderrLines())
                .singleElement()
                .asString()
                .startsWith("echo-server: cannot listen on port " + port + ": Address already in use: another server"
                        + " listens on 0.0.0.0:" + port + " (ss -ltnp 'sport = :" + port
                        + "' names it) and SO_REUSEADDR"
                        + " never shares a listening port");
        echo(Experiments.connectedClient(lab, "client", port), "the first server still serves");
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void aConnectionRefusedAndAnUnknownHostAreOneLineWithStatus1(Lab lab) {
        int port = lab.freePort();
        LabProcess refused = lab.client("client", "127.0.0.1", String.valueOf(port));
        assertThat(refused.awaitExit(WAIT)).isEqualTo(1);
        assertThat(refused.stderrLines())
                .last()
                .asString()
                .isEqualTo("echo-client: cannot connect to 127.0.0.1 port "
                        + port
                        + ": Connection refused: no server listens on that port (start one: java -jar echo-server.jar "
                        + port + ")");
        LabProcess unknown = lab.client("client", "no-such-host.invalid", String.valueOf(port));
        assertThat(unknown.awaitExit(WAIT)).isEqualTo(1);
        assertThat(unknown.stderrLines())
                .containsExactly(
                        "echo-client: unknown host 'no-such-host.invalid': check the name, or give an IP address");
    }
}
