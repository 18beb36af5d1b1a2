package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.KernelView;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Link;
import org.socketlab.lab.fixture.TwoHosts;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Faults on the wire, 4: connecting into a black hole. The server's host drops every packet, the SYNs among them;
 * unlike a closed port (RST, "Connection refused") nothing answers. The kernel resends the SYN after 1, 1, 1, 1,
 * then 2, 4, 8, 16, 32 s ({@code tcp_syn_retries} 6, {@code tcp_syn_linear_timeouts} 4) and gives up after about
 * 2 min 12 s; {@code --connect-timeout} gives up sooner, in one line. A client still trying connects with its next
 * SYN once the link is whole again.
 */
@LabExperiment
class BlackHoleIT {

    @Test
    void connectTimeoutEndsTheAttemptInOneLineWhileTheKernelAloneGoesOnResendingTheSyn(Lab lab) {
        TwoHosts hosts = lab.twoHosts();
        LabProcess server = Faults.server(lab, hosts.server(), "sequential");
        int port = Faults.port(server);
        String address = hosts.server().address();
        Capture wire = lab.capture(hosts.client(), "tcp port " + port);
        Link link = Link.of(hosts.server()).cut();

        LabProcess patient =
                lab.client(hosts.client(), "client without --connect-timeout", address, String.valueOf(port));
        long started = System.nanoTime();
        LabProcess bounded = lab.client(
                hosts.client(),
                "client with --connect-timeout 3s",
                "--connect-timeout",
                "3s",
                address,
                String.valueOf(port));
        assertThat(bounded.awaitExit(Duration.ofSeconds(10))).as("exit status").isEqualTo(1);
        double gaveUp = (System.nanoTime() - started) / 1e9;
        assertThat(bounded.stderrLines())
                .filteredOn(l -> !l.startsWith("client: "))
                .singleElement()
                .isEqualTo("echo-client: cannot connect to " + address + " port " + port
                        + ": no answer to the SYN within 3 s"
                        + " (--connect-timeout); a firewall may drop it or the host is down");
        assertThat(gaveUp).as("seconds from start to exit, JVM start included").isBetween(3.0, 8.0);

        KernelView clientHost = KernelView.ofProcess(patient.pid());
        TcpConnection trying = clientHost
                .awaitCount(c -> c.remote().getPort() == port, 1, "the patient client's socket alone", WAIT)
                .get(0);
        assertThat(trying.state()).as("the client without --connect-timeout").isEqualTo(TcpState.SYN_SENT);
        assertThat(trying.timerActive())
                .as("timer: 1 = retransmission of the SYN")
                .isEqualTo(1);
        int patientPort = trying.local().getPort();
        wire.awaitCount(
                f -> f.between(patientPort, port) && f.isSyn(),
                3,
                "the patient client's SYN and its first retransmissions",
                WAIT);
        assertThat(wire.frames(Frame::isSynAck))
                .as("SYN-ACKs from the black hole")
                .isEmpty();

        link.restore();
        assertThat(localPort(patient))
                .as("the patient client connects with its next SYN")
                .isEqualTo(patientPort);
        echo(patient, "through at last");
        List<Frame> all = wire.frames(f -> f.between(patientPort, port) && f.isSyn());
        StringBuilder gaps = new StringBuilder();
        for (int i = 1; i < all.size(); i++) {
            gaps.append(
                    String.format(" +%.1f s", all.get(i).time() - all.get(i - 1).time()));
        }
        System.out.printf(
                "black hole: --connect-timeout 3s exited %.1f s after start (JVM included); the patient"
                        + " client sent %d SYNs (%s) and connected once the link was restored%n",
                gaveUp, all.size(), gaps.toString().strip());
    }
}
