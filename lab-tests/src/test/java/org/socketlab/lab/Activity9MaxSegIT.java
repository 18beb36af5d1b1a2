package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.TwoHosts;

/**
 * Activity 9: "Modify the size of the segments sent by the client with TCP_MAXSEG. Check the effect in a client
 * writing texts longer than the specified length. Is it possible to specify an MSS smaller than 88? If not, why?"
 *
 * <p>Set before connect, TCP_MAXSEG 88 is announced in the client's SYN, and both sides then send segments of at
 * most 88 bytes (76 bytes of data once the 12-byte timestamp option is counted). On loopback the kernel hands
 * tcpdump one GSO super-packet per write, so the split shows only across a link: here two network namespaces. Below
 * 88 (TCP_MIN_MSS) the kernel refuses the option with EINVAL.
 */
@LabExperiment
class Activity9MaxSegIT {
    private static final String LINE_300 = "0123456789".repeat(29) + "012345678"; // 299 bytes + '\n' = 300

    @Test
    void theClientsSynCarriesMss88(Lab lab) {
        int port = lab.freePort();
        Capture wire = lab.capture("tcp port " + port);
        listeningServer(lab, port);
        LabProcess client = lab.client("client", "-o", "TCP_MAXSEG=88", "127.0.0.1", String.valueOf(port));
        int clientPort = localPort(client);
        Frame syn = wire.awaitFrame(f -> f.between(clientPort, port) && f.isSyn(), "the client's SYN", WAIT);
        assertThat(syn.mss()).as("MSS option of the SYN").hasValue(88);
    }

    @Test
    void acrossALinkA300ByteLineCrossesInSegmentsOfAtMost88BytesAndComesBackWhole(Lab lab) {
        TwoHosts hosts = lab.twoHosts();
        int port = 8765;
        Capture wire = lab.capture(hosts.client(), "tcp port " + port);
        listeningServer(lab, hosts.server(), port);
        LabProcess client = connectedClient(
                lab,
                hosts.client(),
                "client",
                hosts.server().address(),
                port,
                "-v",
                "-o",
                "TCP_MAXSEG=88",
                "--tcp-info");
        int clientPort = localPort(client);
        client.send(LINE_300 + "\n");
        client.awaitLine("^" + LINE_300 + "$", WAIT);

        List<Frame> sent = wire.awaitCount(
                f -> f.between(clientPort, port) && f.length() > 0, 4, "the client's data segments", WAIT);
        assertThat(sent)
                .allSatisfy(f -> assertThat(f.length())
                        .as("data per segment, 88 less timestamps")
                        .isBetween(1, 76));
        assertThat(sent.stream().mapToInt(Frame::length).max())
                .as("the largest data segment")
                .hasValue(76);
        assertThat(sent.stream().mapToInt(Frame::length).sum()).isEqualTo(300);
        List<Frame> echoed = wire.awaitCount(
                f -> f.between(port, clientPort) && f.length() > 0, 4, "the server's echo segments", WAIT);
        assertThat(echoed)
                .allSatisfy(f -> assertThat(f.length())
                        .as("the server learned MSS 88 from the SYN")
                        .isBetween(1, 88));
        // With timestamps (on by default in a new namespace) each segment carries 12 bytes of options: 88 - 12.
        String effective = "^client: effective options after connect: .*TCP_MAXSEG=(\\d+) ";
        int maxseg = Integer.parseInt(client.awaitErrLine(effective, WAIT).group(1));
        assertThat(maxseg).as("TCP_MAXSEG read back after connect").isEqualTo(76);
        String tcpInfo =
                client.awaitErrLine("^client: TCP_INFO after connect: .*", WAIT).group();
        assertThat(tcpInfo)
                .as("snd_mss equal to TCP_MAXSEG read back; rcv_mss, before any data, TCP_MIN_MSS")
                .contains("state ESTABLISHED snd_mss " + maxseg + " rcv_mss 88 ");
    }

    @Test
    void anMssBelow88IsRefusedByTheKernelWithEinval(Lab lab) {
        int port = lab.freePort();
        listeningServer(lab, port);
        LabProcess client = lab.client("client", "-o", "TCP_MAXSEG=87", "127.0.0.1", String.valueOf(port));
        assertThat(client.awaitExit(WAIT)).isEqualTo(1);
        assertThat(client.stderrLines())
                .singleElement()
                .asString()
                .startsWith("echo-client: TCP_MAXSEG=87 refused by the kernel: setsockopt failed with EINVAL"
                        + " (Invalid argument);"
                        + " Linux accepts 88..32767");
    }
}
