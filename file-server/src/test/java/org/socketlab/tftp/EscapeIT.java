package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.tftp.Clients.get;
import static org.socketlab.tftp.Clients.put;
import static org.socketlab.tftp.Clients.run;
import static org.socketlab.tftp.PacketCodecTest.bytes;
import static org.socketlab.tftp.PacketCodecTest.concat;
import static org.socketlab.tftp.PacketCodecTest.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.tftp.Clients.Result;
import org.socketlab.tftp.Clients.Server;
import org.socketlab.tftp.WireClient.Reply;

/**
 * Every way out of the root, tried with the three real clients and with hand-built packets against the server
 * jar (uploads allowed): {@code ..}, absolute names, symbolic links out (file and directory), a directory, a FIFO, a
 * device, an over-long name. Each is refused with error 2 (or 6 for a write over an existing link) and a line
 * naming the reason, and nothing outside the root changes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EscapeIT {
    @TempDir
    static Path tmp;

    private static Path root;
    private static Path outside;
    private static Map<String, String> outsideBefore;
    private static Lab lab;
    private static Server server;

    @BeforeAll
    static void serve() throws IOException {
        Requirements.tools("tftp", "atftp", "curl", "mkfifo", "mknod");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("ok.txt"), "ok");
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("out-link"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("abs-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-link"), Path.of("../outside"));
        lab = Clients.lab();
        assertThat(run(
                                lab,
                                Host.LOOPBACK,
                                List.of("mkfifo", root.resolve("fifo").toString()))
                        .exit())
                .isZero();
        if (Requirements.isRoot()) {
            assertThat(run(
                                    lab,
                                    Host.LOOPBACK,
                                    List.of("mknod", root.resolve("null").toString(), "c", "1", "3"))
                            .exit())
                    .isZero();
        } else {
            System.out.println("EscapeIT: no device case: mknod needs root (CI runs as root)");
        }
        outsideBefore = snapshot(outside);
        server = Clients.startServer(lab, Host.LOOPBACK, "--root", root.toString(), "--allow-write", "0");
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void nothingOutsideChanged() throws IOException {
        assertThat(snapshot(outside))
                .as("the files outside the root (name -> SHA-256)")
                .isEqualTo(outsideBefore);
        assertThat(snapshot(root).keySet())
                .as("no upload, no temporary file in the root")
                .allMatch(n -> List.of("ok.txt", "sub", "out-link", "abs-link", "dir-link", "fifo", "null")
                        .contains(n))
                .hasSizeGreaterThanOrEqualTo(6);
    }

    /** Names a read must not get, with the reason the server's line gives. */
    static Stream<Arguments> reads() {
        String absolute = tmp.resolve("outside/secret.txt").toString();
        Map<String, String> names = new TreeMap<>(Map.of(
                "../outside/secret.txt",
                "'..' in the name",
                "sub/../../outside/secret.txt",
                "'..' in the name",
                "/etc/passwd",
                "an absolute name",
                absolute,
                "an absolute name",
                "out-link",
                "resolves outside the root",
                "abs-link",
                "resolves outside the root",
                "dir-link/secret.txt",
                "resolves outside the root",
                "sub",
                "is a directory",
                "fifo",
                "not a regular file"));
        names.put("x".repeat(300), "longer than 255");
        if (Files.exists(root.resolve("null"), LinkOption.NOFOLLOW_LINKS)) {
            names.put("null", "not a regular file");
        }
        return Stream.of("tftp", "atftp", "curl", "packet")
                .flatMap(client -> names.entrySet().stream().map(e -> Arguments.of(client, e.getKey(), e.getValue())));
    }

    @ParameterizedTest(name = "{0} reads ''{1}''")
    @MethodSource("reads")
    void readIsRefused(String client, String name, String reason) throws IOException {
        Path fetched = tmp.resolve("fetched");
        Files.deleteIfExists(fetched);
        if (client.equals("packet")) {
            Reply reply = ask(concat(bytes(0, 1), text(name + "\0octet\0")));
            reply.assertError(ErrorCode.ACCESS_VIOLATION);
        } else {
            run(lab, Host.LOOPBACK, get(client, "127.0.0.1", server.port(), urlSafe(client, name), fetched));
        }

        assertThat(server.awaitLine("Refused RRQ for '" + name + "'"))
                .contains("error 2")
                .contains(reason);
        assertThat(Files.exists(fetched) ? Files.readString(fetched) : "")
                .as("bytes fetched")
                .doesNotContain("secret");
    }

    /** Names a write must not create, with the reason the server's line gives. */
    static Stream<Arguments> writes() {
        Map<String, String> names = Map.of(
                "../outside/new.txt",
                "error 2 (access violation) sent, '..' in the name",
                tmp.resolve("outside/new.txt").toString(),
                "error 2 (access violation) sent, an absolute name",
                "dir-link/new.txt",
                "error 2 (access violation) sent, the directory of 'dir-link/new.txt' resolves",
                "out-link",
                "error 6 (file already exists)",
                "fifo",
                "error 6 (file already exists)");
        return Stream.of("atftp", "curl", "packet")
                .flatMap(client -> names.entrySet().stream().map(e -> Arguments.of(client, e.getKey(), e.getValue())));
    }

    @ParameterizedTest(name = "{0} writes ''{1}''")
    @MethodSource("writes")
    void writeIsRefused(String client, String name, String refusal) throws IOException {
        Path upload = Files.writeString(tmp.resolve("upload.txt"), "overwritten!");
        if (client.equals("packet")) {
            assertThat(ask(concat(bytes(0, 2), text(name + "\0octet\0"))).opcode())
                    .as("ERROR, never an ACK")
                    .isEqualTo(5);
        } else {
            run(lab, Host.LOOPBACK, put(client, "127.0.0.1", server.port(), upload, urlSafe(client, name)));
        }

        assertThat(server.awaitLine("Refused WRQ for '" + name + "'")).contains(refusal);
    }

    @Test
    void curlRefusesAnEncodedNulItselfSoItNeverReachesTheServer() throws IOException {
        Path fetched = tmp.resolve("fetched-nul");

        Result result = run(
                lab,
                Host.LOOPBACK,
                List.of(
                        "curl",
                        "-sS",
                        "-o",
                        fetched.toString(),
                        "tftp://127.0.0.1:" + server.port() + "/ok.txt%00.png"));

        assertThat(result.exit())
                .as("curl's CURLE_URL_MALFORMAT; output: " + result.output())
                .isEqualTo(3);
        assertThat(Files.exists(fetched)).isFalse();
    }

    /** curl removes "/../" from a URL's path before sending: encoded, the dots reach the server as they are. */
    private static String urlSafe(String client, String name) {
        return client.equals("curl") ? name.replace("..", "%2e%2e") : name;
    }

    private static Reply ask(byte[] request) throws IOException {
        try (WireClient wire = new WireClient()) {
            wire.send(server.port(), request);
            return wire.receive(Duration.ofSeconds(5));
        }
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            paths.forEach(p -> files.put(
                    p.getFileName().toString(),
                    Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Clients.sha256(p) : "not a regular file"));
        }
        return files;
    }
}
