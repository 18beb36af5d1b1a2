package org.socketlab.lab.cheatsheet;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Link;

/**
 * Congestion control: the sender may have min(WIN, cwnd) bytes in flight. Below ssthresh (slow start) cwnd grows by
 * a segment for each segment acknowledged, doubling every round trip; at a loss ssthresh becomes half the window
 * (Reno; Linux's default CUBIC keeps 0.7 of it) and cwnd falls to it (fast recovery), then grows by one segment a
 * round trip (congestion avoidance). The loss is seen by three duplicate ACKs: the receiver ACKs the last byte it
 * has in order for every segment that arrives after the hole (with SACK blocks saying which), and the sender resends
 * the missing segment at once (fast retransmit) instead of waiting for the RTO.
 *
 * <p>Linux's defaults detect a loss by time rather than by counting (RACK, {@code tcp_recovery=1}) and probe the
 * tail of a burst (TLP, {@code tcp_early_retrans=3}): they often resend after one or two duplicates. The namespaces
 * here are set to the cheat sheet's rules: Reno, no RACK, no early retransmit.
 */
final class Congestion extends CheatSheetActivity {
    static final int BYTES = 2_000_000;
    static final int LOST_PACKET = 600;
    static final int SAMPLE_MS = 2;
    /** The link's rate (tc's token bucket on the sender's interface): slow enough for tcpdump to see every segment. */
    static final String RATE = "20mbit";
    /** Linux's initial window: 10 segments (RFC 6928). */
    static final int INITIAL_CWND = 10;

    Congestion() {
        super(
                "congestion",
                "Congestion: slow start, a loss, fast retransmit",
                "How does cwnd grow, what happens at a loss, and when does the sender resend without a timeout?");
    }

    @Override
    protected void steps(ActivityRun run) {
        requireTwoHosts(run);
        run.step("both hosts follow the cheat sheet's rules (sysctl tcp_congestion_control=reno tcp_recovery=0 "
                + "tcp_early_retrans=0; Linux's defaults are cubic, RACK and tail-loss probes); the link runs at "
                + RATE + " (tc qdisc tbf); a receiver starts on "
                + run.serverHost().address() + "; nft there will drop "
                + "packet " + LOST_PACKET + " of the connection, once");
        for (var host : List.of(run.serverHost(), run.clientHost())) {
            HostKernel.sysctl(
                    host,
                    "net.ipv4.tcp_congestion_control=reno",
                    "net.ipv4.tcp_recovery=0",
                    "net.ipv4.tcp_early_retrans=0");
        }
        HostKernel.rate(run.clientHost(), RATE);
        LabProcess receiver = run.startListener("receiver", peer("receive", "0"));
        int port = run.port();
        Link link = Link.of(run.serverHost()).dropOnce(port, LOST_PACKET);

        run.step("the sender writes " + BYTES + " bytes; its TCP_INFO is read every " + SAMPLE_MS + " ms");
        LabProcess sender = sender(run, "--sample-ms", String.valueOf(SAMPLE_MS), String.valueOf(BYTES));
        int s = senderPort(sender);
        // Lab.WAIT, not ActivityRun.WAIT: the sender's JVM loads JNA before its first byte, slowly on a busy machine.
        receiver.awaitLine("^receiver: read " + BYTES + " bytes, then EOF$", Lab.WAIT);
        sender.awaitLine("^sender: the receiver closed", Lab.WAIT);
        List<Sample> samples = sender.stdoutLines().stream()
                .filter(l -> l.startsWith("tcp_info "))
                .map(Sample::parse)
                .toList();
        run.record("cwnd", samples.stream().map(Sample::csv).toList());
        List<Sample> before = samples.stream().filter(x -> x.retransmits() == 0).toList();
        List<Sample> after = samples.stream().filter(x -> x.retransmits() > 0).toList();
        long peak = before.stream().mapToLong(Sample::cwnd).max().orElse(0);
        run.observe("slow start: cwnd grows from " + INITIAL_CWND + " segments before the loss (TCP_INFO)", () -> {
            if (before.isEmpty() || before.get(0).cwnd() != INITIAL_CWND || peak <= INITIAL_CWND) {
                throw new AssertionError("cwnd before the loss: "
                        + before.stream().map(Sample::cwnd).toList());
            }
            return "cwnd " + INITIAL_CWND + " → " + peak + " in " + before.size() + " samples, ssthresh infinite";
        });
        run.observe("at the loss ssthresh becomes about half the window and cwnd falls", () -> {
            if (after.isEmpty()) {
                throw new AssertionError("no retransmission in TCP_INFO; nft dropped " + link.dropped());
            }
            Sample first = after.get(0);
            long lowest = after.stream().mapToLong(Sample::cwnd).min().orElseThrow();
            if (lowest >= peak || first.ssthresh() > peak) {
                throw new AssertionError("after the loss " + after.get(0) + " (peak " + peak + ")");
            }
            return "cwnd " + peak + " → " + first.cwnd() + ", ssthresh " + first.ssthresh() + "; nft dropped "
                    + link.dropped() + " packet";
        });
        run.observeWire("3 duplicate ACKs (with SACK), then the missing segment resent within 200 ms", () -> {
            Frame resent = firstRetransmission(run.frames(f -> f.between(s, port) && f.length() > 0));
            long hole = resent.seq().orElseThrow();
            List<Frame> acks = run.frames(f ->
                    f.between(port, s) && f.ack().orElse(-1) == hole && f.length() == 0 && f.time() <= resent.time());
            if (acks.size() < 4) {
                throw new AssertionError(
                        (acks.size() - 1) + " duplicate ACKs of " + hole + " before the retransmission");
            }
            double third = acks.get(3).time();
            double wait = resent.time() - third;
            if (wait > 0.2) {
                throw new AssertionError("resent " + wait + " s after the third duplicate");
            }
            return String.format(
                    Locale.ROOT,
                    "%d duplicate ACKs of %d, the segment resent %.3f ms after the third",
                    acks.size() - 1,
                    hole,
                    wait * 1000);
        });
    }

    /** The first data segment whose sequence number was sent before. */
    private static Frame firstRetransmission(List<Frame> data) {
        Set<Long> sent = new HashSet<>();
        for (Frame f : data) {
            if (!sent.add(f.seq().orElseThrow())) {
                return f;
            }
        }
        throw new AssertionError("no data segment was sent twice (" + data.size() + " data segments captured)");
    }

    /** One TCP_INFO sample of the sender: seconds since connect, cwnd, ssthresh (segments), retransmissions. */
    record Sample(double seconds, long cwnd, long ssthresh, long retransmits) {
        static Sample parse(String line) {
            String[] f = line.substring("tcp_info ".length()).split(",");
            return new Sample(
                    Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        }

        String csv() {
            return String.format(Locale.ROOT, "%.4f,%d,%d,%d", seconds, cwnd, ssthresh, retransmits);
        }
    }
}
