package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;

/**
 * The jars are Java 17 bytecode and must run unchanged on JDK 25, native options included, without a warning:
 * their manifests carry Add-Exports and Enable-Native-Access.
 */
@LabExperiment
class Jdk25IT {

    /** A JDK 25 launcher: $JDK25_HOME, else one under /usr/lib/jvm. */
    private static Optional<String> jdk25() throws IOException {
        String home = System.getenv("JDK25_HOME");
        if (home != null) {
            return Optional.of(home + "/bin/java");
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(
                            d -> Files.isExecutable(d.resolve("bin/java")) && Files.isRegularFile(d.resolve("release")))
                    .filter(d -> {
                        try {
                            return Files.readString(d.resolve("release")).contains("JAVA_VERSION=\"25");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(d -> d.resolve("bin/java").toString())
                    .findFirst();
        }
    }

    @Test
    void theServerAndTheClientRunOnJdk25WithTcpMaxsegAndNoWarning(Lab lab) throws IOException {
        Optional<String> java25 = jdk25();
        if (java25.isEmpty() && "1".equals(System.getenv("SOCKETLAB_REQUIRE_ALL"))) {
            throw new AssertionError("SOCKETLAB_REQUIRE_ALL=1 but no JDK 25 under /usr/lib/jvm (or set JDK25_HOME)");
        }
        Assumptions.assumeTrue(java25.isPresent(), "skipped: no JDK 25 under /usr/lib/jvm (set JDK25_HOME)");
        int port = lab.freePort();
        LabProcess server =
                lab.start("server on 25", List.of(java25.get(), "-jar", lab.serverJar(), String.valueOf(port)));
        awaitListening(server, port);
        LabProcess client = lab.start(
                "client on 25",
                List.of(
                        java25.get(),
                        "-jar",
                        lab.clientJar(),
                        "-o",
                        "TCP_MAXSEG=88",
                        "--tcp-info",
                        "127.0.0.1",
                        String.valueOf(port)));
        client.send("on JDK 25\n").closeStdin();
        assertThat(client.awaitExit(WAIT)).isZero();
        assertThat(client.stdoutLines()).containsExactly("on JDK 25");
        assertThat(client.stderrLines())
                .anySatisfy(l -> assertThat(l)
                        .matches("client: TCP_INFO after connect: state ESTABLISHED snd_mss (\\d|[1-7]\\d|8[0-8]) .*"));
        assertThat(client.stderrLines()).noneMatch(l -> l.contains("WARNING"));
        server.signal("TERM");
        assertThat(server.awaitExit(WAIT)).isZero();
        assertThat(server.stderrLines()).isEmpty();
    }
}
