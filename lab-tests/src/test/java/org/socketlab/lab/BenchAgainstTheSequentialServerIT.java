package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.listeningServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.socketlab.bench.load.BenchConfig;
import org.socketlab.bench.load.BenchMode;
import org.socketlab.bench.load.BenchReport;
import org.socketlab.bench.load.ConnectionResult;
import org.socketlab.bench.load.LoadGenerator;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;

/**
 * The load generator with several connections against the sequential server: it shows the queueing of
 * activity 5 instead of hanging. One connection is served for the whole run; the others wait in the accept
 * queue and get their first echo only when the run ends and the served one closes.
 */
@LabExperiment
class BenchAgainstTheSequentialServerIT {

    @Test
    void threeConnectionsQueueBehindOneAnother(Lab lab) throws Exception {
        int port = lab.freePort();
        listeningServer(lab, port);
        BenchConfig config = new BenchConfig(
                new InetSocketAddress("127.0.0.1", port),
                BenchMode.RTT,
                3,
                64,
                Optional.empty(),
                Optional.of(Duration.ofSeconds(2)));
        BenchReport report = LoadGenerator.run(config, line -> {});

        List<Long> waitsMillis = report.perConnection().stream()
                .filter(ConnectionResult::served)
                .map(c -> c.waitedNanos() / 1_000_000)
                .sorted()
                .toList();
        assertThat(waitsMillis).as("connections that got an echo, by wait").isNotEmpty();
        assertThat(waitsMillis.get(0))
                .as("the first connection is served at once, ms")
                .isLessThan(1000);
        assertThat(report.perConnection())
                .filteredOn(c -> c.ops() > 0)
                .as("connections measured during the run")
                .hasSize(1);
        assertThat(report.perConnection())
                .filteredOn(c -> c != null && (!c.served() || c.waitedNanos() >= 1_900_000_000L))
                .as("connections that queued for the whole run")
                .hasSize(2);
        assertThat(report.text()).contains("waited before first echo");
    }
}
