package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.lab.fixture.TwoHosts;
import org.socketlab.tftp.Clients.Result;
import org.socketlab.tftp.Clients.Server;

/**
 * Two hosts (network namespaces) whose inputs each drop 10 % of UDP datagrams at random (nft {@code numgen random
 * mod 10 0 drop}; this kernel has no netem): a 5 MiB download with atftp still completes byte for byte, because
 * both ends send again after their timeout, and tcpdump on the server's side shows DATA sent more often than there
 * are blocks.
 *
 * <p>Blocks of 65,464 bytes (81 of them, each crossing the 1500-byte link as 45 IP fragments): the drop rule sits in
 * the input hook, after reassembly, so it drops whole datagrams, and at one second per loss the download takes
 * about 20 s instead of the many minutes 10,240 blocks of 512 bytes would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LossyLinkIT {
    /**
     * 81 blocks, each lost one time in five (10 % each way) at a cost of a 1 s timeout: about 18 s on a quiet
     * machine; a busy one stretches every exchange, so the bound leaves room for three times that.
     */
    private static final Duration LOSSY_LIMIT = Duration.ofSeconds(60);

    private static final int SIZE = 5 << 20;
    private static final int BLOCK = 65464;
    /**
     * A datagram from the server with more than an OACK's few bytes: a DATA, as tcpdump prints its first fragment
     * ({@code IP 10.86.2.1.48540 > 10.86.2.2.42007: UDP, length 65468}); the other fragments show as ip-proto-17.
     */
    private static final Pattern DATA =
            Pattern.compile(" IP 10\\.86\\.2\\.1\\.\\d+ > 10\\.86\\.2\\.2\\.\\d+: UDP, length (\\d{4,})");

    @TempDir
    Path tmp;

    @Test
    void aDownloadAcrossALossyLinkCompletesByteExactWithRetransmissions() throws IOException {
        Requirements.networkNamespaces();
        Requirements.packetCapture();
        Requirements.tools("nft", "atftp");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path served = Clients.randomFile(root.resolve("f5m"), SIZE);
        Path fetched = tmp.resolve("fetched");
        try (Lab lab = Clients.lab()) {
            TwoHosts hosts = lab.twoHosts();
            for (Host host : List.of(hosts.server(), hosts.client())) {
                dropTenPercentOfUdp(lab, host);
            }
            Server server = Clients.startServer(lab, hosts.server(), "--root", root.toString(), "--retries", "10", "0");
            Capture capture = lab.capture(hosts.server(), "udp");

            long start = System.nanoTime();
            List<String> fetch = Clients.get(
                    "atftp",
                    hosts.server().address(),
                    server.port(),
                    "f5m",
                    fetched,
                    "--tftp-timeout",
                    "1",
                    "--option",
                    "blksize " + BLOCK,
                    "--option",
                    "timeout 1");
            // atftp gives up after six timeouts in a row ("tftp: aborting"), its own limit, not the server's: at
            // 10 % loss each way that happens now and then, and a user would fetch again. Five tries at most, each
            // one's output kept for the failure message.
            List<String> aborted = new ArrayList<>();
            Result result = Clients.run(lab, hosts.client(), fetch, LOSSY_LIMIT);
            for (int attempt = 2;
                    attempt <= 5 && result.exit() != 0 && result.output().contains("aborting");
                    attempt++) {
                aborted.add(result.output().strip().replace('\n', ' '));
                result = Clients.run(lab, hosts.client(), fetch, LOSSY_LIMIT);
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(result.exit())
                    .as("atftp exit status; output: " + result.output() + "; earlier tries that aborted: " + aborted
                            + "; the server's lines: " + server.process().stdoutLines())
                    .isZero();
            Clients.assertSameBytes(served, fetched, "5 MiB across the lossy link");
            int blocks = SIZE / BLOCK + 1;
            long dataSent = capture.toString()
                    .lines()
                    .filter(l -> DATA.matcher(l).find())
                    .count();
            assertThat(dataSent)
                    .as("DATA datagrams on the server's link vs the " + blocks + " blocks of the file; " + "captured:\n"
                            + capture.toString().lines().limit(20).toList())
                    .isGreaterThan(blocks);
            long dropped = dropped(lab, hosts.server()) + dropped(lab, hosts.client());
            assertThat(dropped).as("datagrams nft dropped on both hosts").isPositive();
            // The server's own line may come seconds later: if the client's last ACK was lost, the server sends the
            // last block again until its retries run out (the client, complete, has gone).
            System.out.printf(
                    "LossyLinkIT: 5 MiB in %.1f s, %d blocks, %d DATA datagrams on the wire, %d dropped " + "by nft%n",
                    seconds, blocks, dataSent, dropped);
        }
    }

    /** An nft table in the host's namespace whose input drops one UDP datagram in ten, with a counter. */
    private void dropTenPercentOfUdp(Lab lab, Host host) throws IOException {
        Path rules = Files.writeString(tmp.resolve("loss-" + host.namespace() + ".nft"), """
                table inet lab_loss {
                  chain input {
                    type filter hook input priority 0; policy accept;
                    meta l4proto udp numgen random mod 10 0 counter drop
                  }
                }
                """);
        Result result = Clients.run(lab, host, List.of("nft", "-f", rules.toString()));
        assertThat(result.exit())
                .as("nft -f in " + host.namespace() + ": " + result.output())
                .isZero();
    }

    private static long dropped(Lab lab, Host host) {
        Result result = Clients.run(lab, host, List.of("nft", "list", "table", "inet", "lab_loss"));
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(result.output());
        assertThat(m.find())
                .as("nft's counter in " + host.namespace() + ": " + result.output())
                .isTrue();
        return Long.parseLong(m.group(1));
    }
}
