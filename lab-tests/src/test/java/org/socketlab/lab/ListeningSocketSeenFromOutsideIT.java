package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.Experiments.withPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.SocketOfProcess;
import org.socketlab.lab.fixture.SocketOfProcess.Option;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * The listening socket of every server model as the kernel holds it: SO_REUSEADDR read with getsockopt on the
 * server's own socket (the JDK's default is on, the lab's is off), the backlog in {@code ss -ltn}'s Send-Q, and
 * what SO_REUSEADDR is for: a restart while the killed server's connection is still in FIN_WAIT_2 or TIME_WAIT.
 */
@LabExperiment
class ListeningSocketSeenFromOutsideIT {

    private static LabProcess listening(Lab lab, String model, int port, String... options) {
        return awaitListening(lab.serverModel(model, withPort(options, port)), port);
    }

    private static TcpConnection listeningSocket(Lab lab, int port) {
        return lab.kernel()
                .awaitCount(
                        c -> c.local().getPort() == port && c.state() == TcpState.LISTEN,
                        1,
                        "the socket listening on port " + port,
                        WAIT)
                .get(0);
    }

    private static int reuseaddrReadBack(Lab lab, String model, String... options) {
        int port = lab.freePort();
        LabProcess server = listening(lab, model, port, options);
        return SocketOfProcess.getsockopt(server, listeningSocket(lab, port).inode(), Option.SO_REUSEADDR);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "thread", "pool", "selector", "workers"})
    void soReuseaddrReadFromTheKernelIsOffUnlessAsked(String model, Lab lab) {
        assertThat(reuseaddrReadBack(lab, model))
                .as("getsockopt SO_REUSEADDR on the listening socket, no flag")
                .isZero();
        assertThat(reuseaddrReadBack(lab, model, "--reuse-address"))
                .as("getsockopt SO_REUSEADDR on the listening socket with --reuse-address")
                .isOne();
    }

    @ParameterizedTest(name = "{0} --backlog {1}")
    @CsvSource({
        "sequential, 1", "sequential, 5", "sequential, 100", "sequential, 5000", "sequential, ''",
        "thread, 3", "pool, 3", "select, 3", "workers, 3", "workers, ''"
    })
    void theBacklogInSsSendQIsTheOneAskedForUpToSomaxconn(String model, String backlog, Lab lab) throws IOException {
        int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"))
                .get(0)
                .trim());
        int port = lab.freePort();
        if (backlog.isEmpty()) {
            listening(lab, model, port);
        } else {
            listening(lab, model, port, "--backlog", backlog);
        }
        int expected = backlog.isEmpty() ? 17 : Math.min(Integer.parseInt(backlog), somaxconn);
        assertThat(lab.kernel().listenBacklog(port))
                .as("ss -ltn Send-Q for --backlog '" + backlog + "' (the lab's"
                        + " default 17; the kernel caps it at net.core.somaxconn " + somaxconn + ")")
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"thread", "pool", "selector", "workers"})
    void afterAKillWithAClientConnectedOnlyARestartWithSoReuseaddrBindsAgain(String model, Lab lab) throws IOException {
        int port = lab.freePort();
        LabProcess server = listening(lab, model, port, "--reuse-address");
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            lab.kernel().awaitConnection(port, clientPort, TcpState.ESTABLISHED, WAIT);
            // Accepted, not only queued: a connection still in the accept queue is reset when the server dies.
            server.awaitLine("^Incoming connection from 127.0.0.1 remote port " + clientPort + "\\b", WAIT);
            server.kill();
            // The kernel closes the killed server's end: FIN_WAIT_2 while the client stays, then TIME_WAIT.
            lab.kernel().awaitConnection(port, clientPort, EnumSet.of(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT), WAIT);

            LabProcess withoutFlag = lab.serverModel(model, String.valueOf(port));
            assertThat(withoutFlag.awaitExit(WAIT))
                    .as("exit status of a restart without --reuse-address")
                    .isOne();
            assertThat(withoutFlag.stderrLines())
                    .as("the restart's error, the old connection being "
                            + lab.kernel().describePort(port))
                    .singleElement()
                    .asString()
                    .containsPattern("cannot listen on port " + port + ": Address already in use");
            listening(lab, model, port, "--reuse-address");
        }
    }
}
