package org.socketlab.lab.cheatsheet;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Link;

/**
 * The keep-alive timer: on an idle connection with SO_KEEPALIVE, after TCP_KEEPIDLE seconds without a segment the
 * kernel sends a probe (an ACK carrying no data, one byte below what the peer expects) and the peer's kernel
 * answers it; after TCP_KEEPCNT probes TCP_KEEPINTVL apart go unanswered, the connection is reset. Linux's
 * defaults are 7200 s, 75 s and 9; here 1 s, 1 s and 3, so that it fits in seconds.
 */
final class KeepAlive extends CheatSheetActivity {
    static final int IDLE = 1;
    static final int INTERVAL = 1;
    static final int COUNT = 3;

    KeepAlive() {
        super(
                "keepalive",
                "The keep-alive timer",
                "What does an idle connection with SO_KEEPALIVE send, and what happens when the peer is gone?");
    }

    @Override
    protected void steps(ActivityRun run) {
        requireTwoHosts(run);
        run.step("the server starts on 10.86.2.1; client A, on 10.86.2.2, sets SO_KEEPALIVE, TCP_KEEPIDLE=" + IDLE
                + ", TCP_KEEPINTVL=" + INTERVAL + ", TCP_KEEPCNT=" + COUNT + ", connects and sends a line");
        run.startServer();
        int port = run.port();
        LabProcess a = run.client(
                "A",
                "-o",
                "SO_KEEPALIVE=1",
                "-o",
                "TCP_KEEPIDLE=" + IDLE,
                "-o",
                "TCP_KEEPINTVL=" + INTERVAL,
                "-o",
                "TCP_KEEPCNT=" + COUNT);
        int c = run.portOf(a);
        run.echo(a, "A");
        double lastData = run.awaitFrame(f -> f.between(port, c) && f.length() > 0, "the echo")
                .time();

        run.step("the connection idles: A's kernel probes it every " + IDLE + " s, the server's kernel answers");
        run.observeWire("two probes from A, about " + IDLE + " s apart, each answered by an ACK", () -> {
            List<Frame> probes =
                    run.awaitFrames(f -> isProbe(f, c, port, lastData), 2, "two keep-alive probes", ActivityRun.WAIT);
            for (Frame probe : probes.subList(0, 2)) {
                run.awaitFrame(
                        f -> f.between(port, c) && f.isPureAck() && f.time() >= probe.time(), "the probe's answer");
            }
            double gap = probes.get(1).time() - probes.get(0).time();
            if (gap < IDLE * 0.8 || gap > IDLE * 1.6) {
                throw new AssertionError("probes " + gap + " s apart");
            }
            return String.format(Locale.ROOT, "probes %.2f s apart, each answered", gap);
        });
        run.observe("ss -o shows A's keep-alive timer", () -> {
            String ss = HostKernel.ss(run.clientHost(), c);
            if (!HostKernel.Timer.of(ss).name().equals("keepalive")) {
                throw new AssertionError(ss);
            }
            return HostKernel.Timer.of(ss).toString();
        });

        run.step("the server's host is cut off (nft drops every packet there); A's probes go unanswered");
        Link link = Link.of(run.serverHost()).cut();
        double cut =
                run.frames(f -> true).stream().mapToDouble(Frame::time).max().orElse(0);
        run.observeWire(COUNT + " unanswered probes " + INTERVAL + " s apart, then A's kernel resets", () -> {
            Frame reset = run.awaitFrames(
                            f -> f.between(c, port) && f.isRst(),
                            1,
                            "A's RST",
                            Duration.ofSeconds(IDLE + (COUNT + 2L) * INTERVAL + 5))
                    .get(0);
            double answered = run.frames(f -> f.between(port, c)).stream()
                    .mapToDouble(Frame::time)
                    .max()
                    .orElse(0);
            List<Frame> unanswered = run.frames(
                    f -> f.between(c, port) && f.isPureAck() && f.time() > answered && f.time() < reset.time());
            List<Double> gaps = gaps(unanswered.stream().map(Frame::time).toList());
            if (unanswered.size() != COUNT || gaps.stream().anyMatch(g -> g < INTERVAL * 0.8 || g > INTERVAL * 1.6)) {
                throw new AssertionError(unanswered.size() + " probes before the RST, " + seconds(gaps) + " apart");
            }
            return unanswered.size() + " probes " + seconds(gaps) + " apart, then [" + reset.flags() + "]; nft dropped "
                    + link.dropped() + " packets";
        });
        run.observe("A's kernel has dropped the connection (ETIMEDOUT for the next call)", () -> {
            if (run.clientKernel().find(c, port).isPresent()) {
                throw new AssertionError("A's end is still there: "
                        + run.clientKernel().find(c, port).get());
            }
            return "no socket on port " + c;
        });
    }

    /** A keep-alive probe: an ACK without data from the client, after the connection went idle. */
    private static boolean isProbe(Frame f, int from, int to, double after) {
        return f.between(from, to) && f.isPureAck() && f.time() > after + 0.5;
    }
}
