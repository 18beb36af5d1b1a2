package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.tftp.Clients.assertSameBytes;
import static org.socketlab.tftp.Clients.get;
import static org.socketlab.tftp.Clients.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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

/**
 * tftp-hpa's {@code tftp}, {@code atftp} and {@code curl} fetch files of every edge size from the server jar: empty,
 * one byte short of a block, a block (then an empty last block), a block and a byte, 1 MiB, and 40 MiB (81,921
 * blocks: the block number rolls over past 65,535). Each comes back with the same SHA-256.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientInteropIT {
    private static final List<String> CLIENTS = List.of("tftp", "atftp", "curl");
    private static final int[] SIZES = {0, 511, 512, 513, 1 << 20, 40 << 20};

    @TempDir
    static Path tmp;

    private static Path root;
    private static Lab lab;
    private static int port;

    @BeforeAll
    static void serve() throws IOException {
        Requirements.tools("tftp", "atftp", "curl");
        root = Files.createDirectories(tmp.resolve("root"));
        for (int size : SIZES) {
            Clients.randomFile(root.resolve("f" + size), size);
        }
        Files.writeString(root.resolve("text.txt"), "one\ntwo\r\nthree\rfour\n");
        lab = Clients.lab();
        port = Clients.startServer(lab, Host.LOOPBACK, "--root", root.toString(), "0")
                .port();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    static Stream<Arguments> clientsAndSizes() {
        return CLIENTS.stream().flatMap(c -> Stream.of(1, 2, 3, 4, 5, 6).map(i -> Arguments.of(c, SIZES[i - 1])));
    }

    @ParameterizedTest(name = "{0} fetches {1} bytes")
    @MethodSource("clientsAndSizes")
    void fetchedFileHasTheSameBytes(String client, int size) {
        Path fetched = tmp.resolve(client + "-" + size);

        Clients.Result result = run(lab, Host.LOOPBACK, get(client, "127.0.0.1", port, "f" + size, fetched));

        assertThat(result.exit())
                .as(client + " exit status; output: " + result.output())
                .isZero();
        assertSameBytes(root.resolve("f" + size), fetched, client + " " + size + " bytes");
    }

    @Test
    void curlNegotiatesBlksize1428AndReadsTsize() {
        Path fetched = tmp.resolve("curl-1428");

        Clients.Result result = run(
                lab,
                Host.LOOPBACK,
                get("curl", "127.0.0.1", port, "f1048576", fetched, "-v", "--tftp-blksize", "1428"));

        assertSameBytes(root.resolve("f1048576"), fetched, "curl --tftp-blksize 1428");
        assertThat(result.output())
                .contains("blksize parsed from OACK (1428)")
                .contains("tsize parsed from OACK (1048576)");
    }

    @Test
    void atftpNegotiatesTheLargestBlksize() {
        Path fetched = tmp.resolve("atftp-65464");

        Clients.Result result = run(
                lab,
                Host.LOOPBACK,
                get(
                        "atftp",
                        "127.0.0.1",
                        port,
                        "f41943040",
                        fetched,
                        "--trace",
                        "--option",
                        "blksize 65464",
                        "--option",
                        "tsize 0"));

        assertSameBytes(root.resolve("f41943040"), fetched, "atftp --option 'blksize 65464'");
        assertThat(result.output()).contains("received OACK <tsize: 41943040, blksize: 65464");
    }

    @Test
    void netasciiTextComesBackAsTheFileWas() {
        Path fetched = tmp.resolve("tftp-netascii.txt");

        run(
                lab,
                Host.LOOPBACK,
                List.of(
                        "tftp",
                        "-m",
                        "netascii",
                        "127.0.0.1",
                        Integer.toString(port),
                        "-c",
                        "get",
                        "text.txt",
                        fetched.toString()));

        // On the wire the LFs were CR LF and the lone CR was CR NUL; tftp-hpa undoes it on a Unix host.
        assertSameBytes(root.resolve("text.txt"), fetched, "tftp -m netascii");
    }
}
