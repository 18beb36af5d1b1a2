package org.socketlab.lab.cheatsheet;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Link;

/**
 * The retransmission timer: a segment not acknowledged within the RTO (at least 200 ms on Linux) is sent again, and
 * each time the RTO doubles (exponential back-off), 0.2, 0.4, 0.8, 1.6, 3.2 s ... up to 120 s, 15 times
 * ({@code tcp_retries2}), about 15 minutes. When the link heals, the next retransmission passes and the data flows.
 * TCP_USER_TIMEOUT bounds the wait: a socket with 3000 ms gives up after 3 s, and its next call fails with
 * ETIMEDOUT.
 */
final class Retransmit extends CheatSheetActivity {
    static final int USER_TIMEOUT_MS = 3000;
    static final int BACKOFFS = 4;

    Retransmit() {
        super(
                "retransmit",
                "The retransmission timer and its back-off",
                "What does a sender do when its segments are not acknowledged, and when does it give up?");
    }

    @Override
    protected void steps(ActivityRun run) {
        requireTwoHosts(run);
        run.step("the clients' host resends by the RTO alone (sysctl tcp_early_retrans=0; Linux's default first "
                + "sends a tail-loss probe); the server starts on 10.86.2.1; client A connects and its line is echoed;"
                + " client B, with TCP_USER_TIMEOUT=" + USER_TIMEOUT_MS + ", connects and waits its turn");
        HostKernel.sysctl(run.clientHost(), "net.ipv4.tcp_early_retrans=0");
        run.startServer();
        int port = run.port();
        LabProcess a = run.client("A");
        int aPort = run.portOf(a);
        run.echo(a, "A");
        LabProcess b = run.client("B", "-o", "TCP_USER_TIMEOUT=" + USER_TIMEOUT_MS);
        int bPort = run.portOf(b);

        run.step("the link is cut (nft drops every packet on the server's host); A and B each send a line");
        Link link = Link.of(run.serverHost()).cut();
        double cut =
                run.frames(f -> true).stream().mapToDouble(Frame::time).max().orElse(0);
        a.send("lost for a while\n");
        b.send("given up\n");
        run.observeWire(
                "A's segment is sent again " + BACKOFFS + " times, each wait at least 1.5 times the last", () -> {
                    Frame first =
                            run.awaitFrame(f -> f.between(aPort, port) && f.length() > 0 && f.time() > cut, "A's line");
                    long seq = first.seq().orElseThrow();
                    List<Frame> sent = run.awaitFrames(
                            f -> f.between(aPort, port) && f.seq().orElse(-1) == seq && f.length() > 0,
                            BACKOFFS + 1,
                            BACKOFFS + " retransmissions of seq " + seq,
                            Duration.ofSeconds(10));
                    List<Double> gaps = gaps(sent.stream().map(Frame::time).toList());
                    for (int i = 1; i < gaps.size(); i++) {
                        if (gaps.get(i) < 1.5 * gaps.get(i - 1)) {
                            throw new AssertionError("waits of " + seconds(gaps) + ": no back-off");
                        }
                    }
                    return "seq " + seq + " sent " + sent.size() + " times, waits of " + seconds(gaps);
                });
        run.observe("ss -o shows A's retransmission timer, its back-off and the grown rto", () -> {
            String ss = HostKernel.ss(run.clientHost(), aPort);
            HostKernel.Timer timer = HostKernel.Timer.of(ss);
            if (!timer.name().equals("on") || timer.count() < BACKOFFS) {
                throw new AssertionError(ss);
            }
            return timer + " " + field(ss, "rto") + " " + field(ss, "backoff");
        });
        run.observe("B gives up after TCP_USER_TIMEOUT: its read fails with ETIMEDOUT, its socket is gone", () -> {
            String line = b.awaitErrLine("timed out|ETIMEDOUT", Duration.ofSeconds(10))
                    .group();
            b.awaitExit(ActivityRun.WAIT);
            if (run.clientKernel().find(bPort, port).isPresent()) {
                throw new AssertionError("B's end is still there: "
                        + run.clientKernel().find(bPort, port).get());
            }
            return "client B: ..." + line + "...; nft dropped " + link.dropped() + " packets";
        });

        run.step("the link heals (nft's rules flushed); A's next retransmission passes");
        link.restore();
        run.observe("A's line comes back: the data was never lost, only late", () -> {
            a.awaitLine("^" + Pattern.quote("lost for a while") + "$", Duration.ofSeconds(15));
            return "A's line echoed after the heal";
        });
    }

    private static String field(String ss, String name) {
        var m = Pattern.compile("\\b" + name + ":(\\S+)").matcher(ss);
        return m.find() ? name + ":" + m.group(1) : "";
    }
}
