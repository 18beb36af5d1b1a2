package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * The jars are Java 17 bytecode and must run unchanged on JDK 25, native options included, without a warning:
 * their manifests carry Add-Exports and Enable-Native-Access.
 */
@LabExperiment
class Jdk25IT {

    @Test
    void theServerAndTheClientRunOnJdk25WithTcpMaxsegAndNoWarning(Lab lab) throws IOException {
        String java25 = Requirements.javaOf(25);
        int port = lab.freePort();
        LabProcess server = lab.start("server on 25", List.of(java25, "-jar", lab.serverJar(), String.valueOf(port)));
        awaitListening(server, port);
        LabProcess client = lab.start(
                "client on 25",
                List.of(
                        java25,
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
