package org.socketlab.lab.draw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium} run headless on a file, with no network of its own (no sync, no component updates, no
 * QUIC) and a fresh profile each time. Where chromium is missing the test is skipped with the reason on the console,
 * unless {@code SOCKETLAB_REQUIRE_ALL=1} (CI), where it fails.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** Chromium from the PATH, or the test skipped (failed in CI) saying why. */
    static HeadlessChromium require(Path work) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "chromium");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return new HeadlessChromium(candidate, work);
            }
        }
        String reason = "opening the page in a browser needs chromium on the PATH (apt-get install chromium)";
        if ("1".equals(System.getenv("SOCKETLAB_REQUIRE_ALL"))) {
            throw new AssertionError("SOCKETLAB_REQUIRE_ALL=1 but " + reason);
        }
        System.err.println("skipped: " + reason);
        Assumptions.abort("skipped: " + reason);
        return null;
    }

    /** What chromium printed: the DOM after loading ({@code --dump-dom}) and its log, console messages included. */
    record Run(String stdout, List<String> log) {

        /** The page's console messages (chromium logs them as {@code INFO:CONSOLE}). */
        List<String> console() {
            return log.stream().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    /** Loads the page and prints its DOM once scripts have run. */
    Run dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of(
                "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString()));
    }

    /** Loads the page and writes a PNG of its first {@code width} x {@code height} pixels. */
    Run screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(List.of(
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--screenshot=" + png,
                page.toUri().toString()));
    }

    private Run run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(args);
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        Process chromium = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (chromium.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + chromium.exitValue() + ": "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
