package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.localPort;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Link;
import org.socketlab.lab.fixture.TwoHosts;

/**
 * Faults on the wire, 1: a lossy link. One packet in ten is dropped, both ways, between the two hosts; TCP
 * retransmits what was lost and the echo comes back byte-exact. The application never sees a loss: only the
 * capture (a segment sent twice) and the kernel's counters ({@code total_retrans} of TCP_INFO) show it.
 *
 * <p>The echo client waits for each 8 KiB piece's echo before it sends the next, so a loss costs a retransmission
 * timer, not just a fast retransmit: at 10 % loss 1 MiB takes about 9 s here. The experiment sends 1 MiB per
 * model; {@code -Dsocketlab.loss.mib=50 -Djunit.jupiter.execution.timeout.mode=disabled} sends the 50 MiB
 * (about 6 minutes per model).
 */
@LabExperiment
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LossIT {
    private static final long MIB = Long.getLong("socketlab.loss.mib", 1);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential", "selector", "workers"})
    void atTenPercentLossBothWaysTcpRetransmitsAndTheEchoIsByteExact(String model, Lab lab, @TempDir Path dir)
            throws Exception {
        TwoHosts hosts = lab.twoHosts();
        LabProcess server = Faults.server(lab, hosts.server(), model);
        int port = Faults.port(server);
        Capture wire = lab.capture(hosts.client(), "tcp port " + port);
        Link link = Link.of(hosts.server()).loseOneIn(10);
        long size = MIB << 20;
        Path in = dir.resolve("random.bin");
        Path out = dir.resolve("echo.bin");
        String sent = Faults.writeRandomBytes(in, size, 14);

        LabProcess client = Faults.clientFromFile(
                lab, hosts.client(), in, out, hosts.server().address(), port, "--tcp-info");
        int clientPort = localPort(client);
        assertThat(client.awaitExit(Duration.ofSeconds(30 + 20 * MIB)))
                .as("client exit status; stderr " + client.stderrLines())
                .isZero();
        assertThat(Files.size(out)).as("bytes echoed").isEqualTo(size);
        assertThat(Faults.sha256(out))
                .as("SHA-256 of the echo against that of the bytes sent")
                .isEqualTo(sent);
        server.awaitLine("remote port " + clientPort + " closed: " + size + " bytes echoed", WAIT);

        long totalRetrans =
                Long.parseLong(client.awaitErrLine("^client: TCP_INFO at exit: .* total_retrans (\\d+)$", WAIT)
                        .group(1));
        List<Frame> frames = wire.frames();
        long resent = retransmissions(frames, clientPort, port);
        long echoResent = retransmissions(frames, port, clientPort);
        long dropped = link.dropped();
        System.out.printf(
                "loss, %s model: %,d bytes verified (SHA-256); %,d packets dropped by the link; client"
                        + " total_retrans %d; on the wire %d of the client's segments and %d of the server's"
                        + " seen again%n",
                model, size, dropped, totalRetrans, resent, echoResent);
        assertThat(dropped).as("packets the link dropped").isPositive();
        assertThat(totalRetrans)
                .as("the client's TCP_INFO total_retrans at exit")
                .isPositive();
        assertThat(resent)
                .as("the client's data segments captured twice (same sequence numbers); capture of " + frames.size()
                        + " frames")
                .isPositive();
    }

    /**
     * Data segments from one port to another that carry no new sequence numbers: retransmissions. Captured on the
     * client's host, every segment the client sends shows, the dropped ones included (the link drops them at the
     * server's side); of the server's segments only those that crossed show.
     */
    private static long retransmissions(List<Frame> frames, int fromPort, int toPort) {
        long highest = 0;
        long resent = 0;
        for (Frame f : frames) {
            if (!f.between(fromPort, toPort) || f.length() == 0 || f.seqEnd().isEmpty()) {
                continue;
            }
            if (f.seqEnd().getAsLong() <= highest) {
                resent++;
            } else {
                highest = f.seqEnd().getAsLong();
            }
        }
        return resent;
    }
}
