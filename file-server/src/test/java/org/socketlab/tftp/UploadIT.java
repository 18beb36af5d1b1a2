package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.tftp.Clients.assertSameBytes;
import static org.socketlab.tftp.Clients.put;
import static org.socketlab.tftp.Clients.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.tftp.Clients.Result;
import org.socketlab.tftp.Clients.Server;

/**
 * Uploads with {@code atftp --put}, {@code curl -T} and tftp-hpa's {@code put}: accepted with --allow-write, in
 * place only when complete; refused (nothing created) without it; error 6 on an existing name, its file unchanged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadIT {
    @TempDir
    static Path tmp;

    private static Path writable;
    private static Path readOnly;
    private static Lab lab;
    private static Server open;
    private static Server closed;

    @BeforeAll
    static void serve() throws IOException {
        Requirements.tools("tftp", "atftp", "curl");
        writable = Files.createDirectories(tmp.resolve("writable"));
        readOnly = Files.createDirectories(tmp.resolve("read-only"));
        for (int size : new int[] {0, 513, 1 << 20}) {
            Clients.randomFile(tmp.resolve("up" + size), size);
        }
        Files.writeString(writable.resolve("taken.txt"), "the original");
        lab = Clients.lab();
        open = Clients.startServer(lab, Host.LOOPBACK, "--root", writable.toString(), "--allow-write", "0");
        closed = Clients.startServer(lab, Host.LOOPBACK, "--root", readOnly.toString(), "0");
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest(name = "{0} uploads {1} bytes")
    @CsvSource({"atftp, 0", "atftp, 513", "atftp, 1048576", "curl, 0", "curl, 513", "curl, 1048576", "tftp, 513"})
    void anUploadArrivesWhole(String client, int size) throws IOException {
        String name = client + "-" + size + ".bin";

        Result result = run(lab, Host.LOOPBACK, put(client, "127.0.0.1", open.port(), tmp.resolve("up" + size), name));

        assertThat(result.exit())
                .as(client + " exit status; output: " + result.output())
                .isZero();
        assertSameBytes(tmp.resolve("up" + size), writable.resolve(name), client + " upload");
        assertThat(open.awaitLine("Received '" + name + "'")).contains(String.format("%,d bytes", size));
        assertThat(names(writable)).as("no temporary file left").noneMatch(n -> n.endsWith(".part"));
    }

    @ParameterizedTest(name = "{0} is refused without --allow-write")
    @CsvSource({"atftp", "curl", "tftp"})
    void withoutAllowWriteNothingIsCreated(String client) throws IOException {
        String name = client + "-refused.bin";

        Result result = run(lab, Host.LOOPBACK, put(client, "127.0.0.1", closed.port(), tmp.resolve("up513"), name));

        assertThat(closed.awaitLine("Refused WRQ for '" + name + "'"))
                .contains("error 2")
                .contains("--allow-write");
        assertRefusal(client, result, 69, "not allowed");
        assertThat(names(readOnly)).as("nothing created in the root").isEmpty();
    }

    @ParameterizedTest(name = "{0} gets error 6 for an existing name")
    @CsvSource({"atftp", "curl", "tftp"})
    void anExistingNameIsError6AndTheFileStays(String client) throws IOException {
        Result result =
                run(lab, Host.LOOPBACK, put(client, "127.0.0.1", open.port(), tmp.resolve("up513"), "taken.txt"));

        assertRefusal(client, result, 73, "already exists");
        assertThat(Files.readString(writable.resolve("taken.txt"))).isEqualTo("the original");
        assertThat(open.awaitLine("Refused WRQ for 'taken.txt'")).contains("error 6 (file already exists)");
    }

    /** curl shows an error as its exit code (69 TFTP permission, 73 remote file exists); the others print it. */
    private static void assertRefusal(String client, Result result, int curlExit, String message) {
        if (client.equals("curl")) {
            assertThat(result.exit())
                    .as("curl's exit code; output: " + result.output())
                    .isEqualTo(curlExit);
        } else {
            assertThat(result.output())
                    .as(client + " prints the server's message")
                    .contains(message);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
