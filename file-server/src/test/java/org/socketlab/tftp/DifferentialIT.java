package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.tftp.Clients.get;
import static org.socketlab.tftp.Clients.run;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.tftp.Clients.Result;

/**
 * The same requests to this server and to tftpd-hpa, the reference ({@code in.tftpd --secure}: chrooted into the
 * same directory): the same bytes for every file, a refusal for every bad name. Where the two differ, they
 * differ on purpose, and the table below says how:
 * <ul>
 *   <li>tftpd-hpa chroots, so {@code ..}, absolute names and links out resolve inside the chroot and are "not
 *       found" (error 1), and {@code /ok.txt} is the root's {@code ok.txt}; this server refuses all of them with
 *       error 2 and the reason, and needs no chroot (it runs without root).</li>
 *   <li>A directory and a name over 255 bytes are error 0 there (the errno's text), error 2 here.</li>
 *   <li>tftpd-hpa answers an empty file's tsize with 0, which curl 7.88 rejects: the download fails. This server
 *       leaves tsize out for an empty file, and curl gets it.</li>
 *   <li>A FIFO blocks tftpd-hpa's transfer process until a writer comes; here it is error 2 at once (not tried
 *       against tftpd-hpa, which would hang).</li>
 * </ul>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DifferentialIT {
    private static final Pattern ERROR = Pattern.compile("Error code (\\d+)");

    private static Path tmp;
    private static Path root;
    private static Lab lab;
    private static int ours;
    private static int reference;

    @BeforeAll
    static void serve() throws IOException {
        Requirements.tools("tftp", "curl", "in.tftpd");
        Requirements.networkNamespaces(); // root: tftpd-hpa chroots, then runs as nobody
        // World-readable all the way: tftpd-hpa reads as "nobody" once it has dropped root.
        tmp = Files.createTempDirectory(
                "tftp-differential",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        for (int size : new int[] {0, 511, 512, 513, 1 << 20}) {
            Clients.randomFile(root.resolve("f" + size), size);
        }
        Files.writeString(root.resolve("ok.txt"), "ok");
        Files.createDirectories(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("out-link"), Path.of("../secret.txt"));
        lab = Clients.lab();
        ours = Clients.startServer(lab, Host.LOOPBACK, "--root", root.toString(), "0")
                .port();
        reference = startTftpdHpa();
    }

    /** {@code in.tftpd --listen --secure} on a free port below 32768, once the kernel shows it bound. */
    private static int startTftpdHpa() {
        int port = freeUdpPort();
        lab.start(
                "in.tftpd",
                List.of(
                        "in.tftpd",
                        "--foreground",
                        "--listen",
                        "--address",
                        "127.0.0.1:" + port,
                        "--secure",
                        root.toString()));
        String local = String.format(Locale.ROOT, ":%04X ", port);
        await("tftpd-hpa bound to UDP port " + port)
                .atMost(Lab.WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Files.readAllLines(Path.of("/proc/net/udp")).stream()
                        .anyMatch(l -> l.trim().split("\\s+")[1].endsWith(local.trim())));
        return port;
    }

    private static int freeUdpPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try {
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).close();
                return port;
            } catch (IOException e) {
                // Taken: try another.
            }
        }
        throw new IllegalStateException("no free UDP port between 20000 and 32000");
    }

    @AfterAll
    static void stop() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (tmp != null) {
            try (var paths = Files.walk(tmp)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} fetches f{1} from both")
    @CsvSource({
        "tftp, 0",
        "tftp, 511",
        "tftp, 512",
        "tftp, 513",
        "tftp, 1048576",
        "curl, 511",
        "curl, 512",
        "curl, 513",
        "curl, 1048576"
    })
    void sameBytesFromBoth(String client, int size) {
        Path fromOurs = tmp.resolve(client + "-ours-" + size);
        Path fromReference = tmp.resolve(client + "-reference-" + size);

        run(lab, Host.LOOPBACK, get(client, "127.0.0.1", ours, "f" + size, fromOurs));
        run(lab, Host.LOOPBACK, get(client, "127.0.0.1", reference, "f" + size, fromReference));

        Clients.assertSameBytes(root.resolve("f" + size), fromOurs, "this server");
        Clients.assertSameBytes(root.resolve("f" + size), fromReference, "tftpd-hpa");
    }

    @ParameterizedTest(name = "''{0}'': error {1} here, {2} from tftpd-hpa")
    @CsvSource({
        "none,                   1, 1",
        "../secret.txt,          2, 1",
        "dir/../../secret.txt,   2, 1",
        "/etc/passwd,            2, 1",
        "out-link,               2, 1",
        "dir,                    2, 0",
    })
    void bothRefuseEveryBadName(String name, int oursCode, int referenceCode) {
        assertThat(errorCode(ours, name))
                .as("this server's error for '" + name + "'")
                .isEqualTo(oursCode);
        assertThat(errorCode(reference, name))
                .as("tftpd-hpa's error for '" + name + "'")
                .isEqualTo(referenceCode);
    }

    @Test
    void anOverLongNameIsRefusedByBoth() {
        String name = "x".repeat(300);

        assertThat(errorCode(ours, name)).as("this server: over 255 bytes").isEqualTo(2);
        assertThat(errorCode(reference, name))
                .as("tftpd-hpa: open(2) fails with ENAMETOOLONG")
                .isEqualTo(0);
    }

    @Test
    void anAbsoluteNameInsideTheRootIsServedByTftpdHpaOnly() throws IOException {
        Path fetched = tmp.resolve("absolute-reference");

        assertThat(errorCode(ours, "/ok.txt"))
                .as("this server refuses every absolute name")
                .isEqualTo(2);
        run(lab, Host.LOOPBACK, get("tftp", "127.0.0.1", reference, "/ok.txt", fetched));
        assertThat(Files.readString(fetched)).as("tftpd-hpa: / is the chroot").isEqualTo("ok");
    }

    @Test
    void curlGetsAnEmptyFileHereButNotFromTftpdHpa() {
        Result fromOurs = run(lab, Host.LOOPBACK, get("curl", "127.0.0.1", ours, "f0", tmp.resolve("curl-ours-0")));
        Result fromReference =
                run(lab, Host.LOOPBACK, get("curl", "127.0.0.1", reference, "f0", tmp.resolve("curl-reference-0")));

        assertThat(fromOurs.exit())
                .as("curl from this server: " + fromOurs.output())
                .isZero();
        assertThat(fromReference.exit())
                .as("curl from tftpd-hpa, which answers tsize 0: " + fromReference.output())
                .isEqualTo(71);
    }

    /** The error code tftp-hpa's client prints for a download of {@code name}, or -1 if it printed none. */
    private static int errorCode(int port, String name) {
        Result result = run(lab, Host.LOOPBACK, get("tftp", "127.0.0.1", port, name, tmp.resolve("refused")));
        Matcher m = ERROR.matcher(result.output());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
