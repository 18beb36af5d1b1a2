package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way out of the root, on a real file system: {@code ..}, absolute names, symbolic links, NUL and control
 * characters, over-long names, directories, FIFOs and devices.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RootDirectoryTest {
    @TempDir
    Path tmp;

    private Path root;
    private RootDirectory directory;

    @BeforeEach
    void layout() throws IOException, InterruptedException {
        Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/secret.txt"), "secret");
        root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("ok.txt"), "ok");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/inner.txt"), "inner");
        Files.createSymbolicLink(root.resolve("out-link"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-link"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("abs-link"), tmp.resolve("outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("in-link"), Path.of("sub/inner.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("../outside/none"));
        run("mkfifo", root.resolve("fifo").toString());
        directory = new RootDirectory(root);
    }

    @ParameterizedTest(name = "read ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "../outside/secret.txt|'..' in the name",
                "sub/../../outside/secret.txt|'..' in the name",
                "sub/..|'..' in the name",
                "/etc/passwd|an absolute name",
                "//etc/passwd|an absolute name",
                "out-link|resolves outside the root",
                "abs-link|resolves outside the root",
                "dir-link/secret.txt|resolves outside the root",
                "sub|is a directory",
                "sub/|is a directory",
                ".|is a directory",
                "fifo|not a regular file",
                "''|an empty name",
            })
    void readRefusedWithAccessViolation(String name, String reason) {
        assertRefused(() -> directory.forReading(name), ErrorCode.ACCESS_VIOLATION, reason);
    }

    @Test
    void nulControlCharactersAndOverLongNamesAreRefusedBeforeTheFileSystemIsAsked() {
        assertRefused(() -> directory.forReading("ok.txt\0.png"), ErrorCode.ACCESS_VIOLATION, "NUL");
        assertRefused(() -> directory.forReading("ok\n.txt"), ErrorCode.ACCESS_VIOLATION, "control character");
        assertRefused(
                () -> directory.forReading("a".repeat(256)), ErrorCode.ACCESS_VIOLATION, "256 bytes, longer than 255");
        assertRefused(
                () -> directory.forReading("é".repeat(128)), ErrorCode.ACCESS_VIOLATION, "256 bytes, longer than 255");
    }

    @Test
    void aDeviceIsNotARegularFile() throws IOException, InterruptedException {
        Assumptions.assumeTrue(org.socketlab.lab.fixture.Requirements.isRoot(), "mknod needs root");
        run("mknod", root.resolve("null").toString(), "c", "1", "3");

        assertRefused(() -> directory.forReading("null"), ErrorCode.ACCESS_VIOLATION, "not a regular file");
    }

    @Test
    void missingFilesAreNotFound() {
        assertRefused(() -> directory.forReading("none"), ErrorCode.FILE_NOT_FOUND, "no file 'none'");
        assertRefused(() -> directory.forReading("dangling"), ErrorCode.FILE_NOT_FOUND, "no file");
    }

    @Test
    void filesAndLinksThatStayInsideAreRead() throws TftpException, IOException {
        assertThat(directory.forReading("ok.txt")).isEqualTo(root.toRealPath().resolve("ok.txt"));
        assertThat(directory.forReading("sub/inner.txt"))
                .isEqualTo(root.toRealPath().resolve("sub/inner.txt"));
        assertThat(directory.forReading("./sub//inner.txt"))
                .isEqualTo(root.toRealPath().resolve("sub/inner.txt"));
        assertThat(directory.forReading("in-link"))
                .as("a link inside the root resolves to its target")
                .isEqualTo(root.toRealPath().resolve("sub/inner.txt"));
    }

    @Test
    void writesGoToNewNamesInsideOnly() throws TftpException, IOException {
        assertThat(directory.forWriting("new.bin")).isEqualTo(root.toRealPath().resolve("new.bin"));
        assertThat(directory.forWriting("sub/new.bin"))
                .isEqualTo(root.toRealPath().resolve("sub/new.bin"));
        assertRefused(() -> directory.forWriting("ok.txt"), ErrorCode.FILE_EXISTS, "already exists");
        assertRefused(() -> directory.forWriting("dangling"), ErrorCode.FILE_EXISTS, "already exists");
        assertRefused(() -> directory.forWriting("fifo"), ErrorCode.FILE_EXISTS, "already exists");
        assertRefused(
                () -> directory.forWriting("dir-link/new.bin"),
                ErrorCode.ACCESS_VIOLATION,
                "resolves outside the root");
        assertRefused(() -> directory.forWriting("../outside/new.bin"), ErrorCode.ACCESS_VIOLATION, "'..'");
        assertRefused(() -> directory.forWriting("/tmp/new.bin"), ErrorCode.ACCESS_VIOLATION, "absolute");
        assertRefused(() -> directory.forWriting("nodir/new.bin"), ErrorCode.FILE_NOT_FOUND, "no directory");
        assertRefused(() -> directory.forWriting("ok.txt/new.bin"), ErrorCode.ACCESS_VIOLATION, "not a directory");
    }

    @Test
    void aRootThatIsNotADirectoryIsRefused() {
        assertThatThrownBy(() -> new RootDirectory(root.resolve("ok.txt")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }

    private interface Check {
        Path run() throws TftpException;
    }

    private static void assertRefused(Check check, ErrorCode code, String reason) {
        assertThatThrownBy(check::run)
                .isInstanceOfSatisfying(
                        TftpException.class,
                        e -> assertThat(e.code()).as("code for: " + e.reason()).isEqualTo(code))
                .hasMessageContaining(reason);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as(String.join(" ", command))
                .isTrue();
    }
}
