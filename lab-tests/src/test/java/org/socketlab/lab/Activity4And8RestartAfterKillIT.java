package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Activity 4: "Kill the server without killing the client. What happens on re-starting the server? Why?" and
 * activity 8: "Observe the result of setting SO_REUSEADDR by revisiting question 4."
 *
 * <p>The killed server's kernel closes its side of the connection: it sends a FIN and waits in FIN_WAIT_2 for the
 * client's (which never comes while the client is idle), then in TIME_WAIT. That connection still holds the port,
 * so bind() fails with EADDRINUSE, unless both the old and the new listening socket set SO_REUSEADDR.
 */
@LabExperiment
class Activity4And8RestartAfterKillIT {

    /** A server with a connected, idle client, then SIGKILL: returns the port, whose connection outlives the server. */
    private static int killServerWithAClientConnected(Lab lab, String... serverOptions) {
        LabProcess server = lab.listeningServer(serverOptions);
        int port = server.listeningPort();
        LabProcess client = connectedClient(lab, "client", port);
        int clientPort = localPort(client);
        echo(client, "before the kill");
        server.kill();

        TcpConnection serverSide = lab.kernel()
                .awaitConnection(port, clientPort, EnumSet.of(TcpState.FIN_WAIT_2, TcpState.TIME_WAIT), WAIT);
        assertThat(serverSide.inode())
                .as("no process owns the server's side any more")
                .isZero();
        lab.kernel().awaitConnection(clientPort, port, TcpState.CLOSE_WAIT, WAIT);
        return port;
    }

    @Test
    void withoutSoReuseaddrTheRestartFailsWithAddressAlreadyInUse(Lab lab) {
        int port = killServerWithAClientConnected(lab);
        LabProcess restart = lab.server(String.valueOf(port));
        assertThat(restart.awaitExit(WAIT)).as("exit status of the restart").isEqualTo(1);
        assertThat(restart.stderrLines())
                .singleElement()
                .asString()
                .startsWith("echo-server: cannot listen on port " + port + ": Address already in use")
                .contains("--reuse-address");
    }

    @Test
    void withSoReuseaddrOnBothRunsTheRestartBindsAtOnceAndServes(Lab lab) {
        int port = killServerWithAClientConnected(lab, "--reuse-address");
        listeningServer(lab, port, "--reuse-address");
        echo(connectedClient(lab, "new client", port), "after the restart");
    }
}
