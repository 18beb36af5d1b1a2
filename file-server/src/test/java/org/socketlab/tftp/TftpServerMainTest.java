package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: every mistake is one line on stderr with what to do, and its exit code. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TftpServerMainTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out()).matches("tftp-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java [0-9.]+\\)\n");
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--root=DIR").contains("--allow-write").contains("PORT");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no root|6969|Missing required option: '--root=DIR'",
                "port not a number|--root . abc|port 'abc' is not a number from 0 to 65535",
                "port too large|--root . 65536|port '65536' is not a number from 0 to 65535",
                "timeout 0|--root . --timeout 0 6969|timeout 0 s is not 1-255 s (RFC 2349)",
                "timeout not a number|--root . --timeout 1s 6969|--timeout '1s' is not a whole number",
                "retries negative|--root . --retries -1 6969|retries -1 is not 0-100",
                "unknown option|--root . --port 6969|Unknown option: '--port'",
                "two ports|--root . 6969 6970|unexpected argument '6970': tftp-server takes [options] [PORT]",
            })
    void aBadCommandLineIsOneLineAndExit2(String what, String args, String message) {
        assertThat(run(args.split(" "))).as(what).isEqualTo(2);
        assertThat(err())
                .startsWith("tftp-server: ")
                .contains(message)
                .endsWith("(see --help)\n")
                .hasLineCount(1);
    }

    @Test
    void aRootThatDoesNotExistIsExit1() {
        assertThat(run("--root", root.resolve("none").toString(), "0")).isEqualTo(1);
        assertThat(err())
                .isEqualTo("tftp-server: cannot serve " + root.resolve("none")
                        + ": no such file or directory; give an existing directory with --root\n");
    }

    @Test
    void aPortInUseIsExit1NamingWhy() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(0))) {
            assertThat(run("--root", root.toString(), Integer.toString(taken.getLocalPort())))
                    .isEqualTo(1);
        }
        assertThat(err())
                .contains("cannot listen on UDP port")
                .contains("another program uses it")
                .hasLineCount(1);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return TftpServerMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
