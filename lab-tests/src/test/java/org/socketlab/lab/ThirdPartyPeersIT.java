package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.options.TcpState;

/** RFC 862 both ways: other programs as clients of our server, and our client against another echo server. */
@LabExperiment
class ThirdPartyPeersIT {

    @Test
    void ncAndSocatAreClientsOfTheServer(Lab lab) {
        Requirements.tools("nc", "socat");
        int port = lab.freePort();
        listeningServer(lab, port);
        LabProcess nc = lab.shell("nc", "printf 'from nc\\n' | nc -N 127.0.0.1 " + port);
        assertThat(nc.awaitExit(WAIT)).isZero();
        assertThat(nc.stdoutLines()).containsExactly("from nc");
        LabProcess socat = lab.shell("socat", "printf 'from socat\\n' | socat - TCP:127.0.0.1:" + port);
        assertThat(socat.awaitExit(WAIT)).isZero();
        assertThat(socat.stdoutLines()).containsExactly("from socat");
    }

    @Test
    void theClientWorksAgainstSocatsEchoServer(Lab lab) {
        Requirements.tools("socat");
        int port = lab.freePort();
        lab.start("socat echo server", List.of("socat", "TCP-LISTEN:" + port + ",reuseaddr,fork", "EXEC:cat"));
        lab.kernel()
                .awaitCount(
                        c -> c.local().getPort() == port && c.state() == TcpState.LISTEN, 1, "socat listening", WAIT);
        LabProcess client = lab.shell("client", "printf 'one\\ntwo\\nno newline' | $JAVA -jar $C 127.0.0.1 " + port);
        assertThat(client.awaitExit(WAIT)).isZero();
        assertThat(client.stdoutLines()).containsExactly("one", "two", "no newline");
    }
}
