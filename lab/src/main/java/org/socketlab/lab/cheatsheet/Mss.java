package org.socketlab.lab.cheatsheet;

import java.util.List;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;

/**
 * MSS and MTU: each end announces in its SYN the largest segment it takes, its interface's MTU less the IPv4 and TCP
 * headers (20 + 20 bytes); the data a segment then carries is 12 bytes less again, for the timestamp option that
 * every segment repeats. With the veth's MTU at 1000: mss 960 in the SYN, 948 data bytes a segment. TCP_MAXSEG
 * (activity 9) announces less than the MTU allows, never more.
 */
final class Mss extends CheatSheetActivity {
    static final int MTU = 1000;
    static final int HEADERS = 20 + 20;
    static final int TIMESTAMPS = 12;
    static final int MAXSEG = 500;
    /** 2999 characters and a newline: more than three segments of 948 bytes. */
    private static final String LINE = "0123456789".repeat(299) + "012345678";

    Mss() {
        super(
                "mss",
                "MSS and MTU: the header sizes",
                "How does the MSS follow from the interface's MTU, and what does TCP_MAXSEG change?");
    }

    @Override
    protected void steps(ActivityRun run) {
        requireTwoHosts(run);
        run.step("both hosts set their veth's MTU to " + MTU + " (ip link set dev veth-s mtu " + MTU
                + "); the server starts");
        HostKernel.mtu(run.serverHost(), MTU);
        HostKernel.mtu(run.clientHost(), MTU);
        run.startServer();
        int port = run.port();

        run.step("client A connects and sends a 3000-byte line");
        LabProcess a = run.client("A", "--tcp-info");
        int aPort = run.portOf(a);
        int mss = MTU - HEADERS;
        observeSyn(run, aPort, port, mss, "A's SYN announces mss " + mss + ": the MTU less 20 (IPv4) and 20 (TCP)");
        run.observe(
                "A's kernel sends at most " + (mss - TIMESTAMPS) + " data bytes a segment (TCP_INFO snd_mss)", () -> {
                    String info = a.awaitErrLine("^client: TCP_INFO after connect: .*snd_mss (\\d+)", ActivityRun.WAIT)
                            .group(1);
                    if (Integer.parseInt(info) != mss - TIMESTAMPS) {
                        throw new AssertionError("snd_mss " + info);
                    }
                    return "snd_mss " + info + " = " + mss + " less " + TIMESTAMPS + " of timestamps";
                });
        run.echo(a, LINE);
        observeSegments(run, aPort, port, mss - TIMESTAMPS, "A's 3000 bytes");
        a.closeStdin();

        run.step("client B sets TCP_MAXSEG=" + MAXSEG + " before connect (activity 9) and sends the same line");
        LabProcess b = run.client("B", "-o", "TCP_MAXSEG=" + MAXSEG);
        int bPort = run.portOf(b);
        observeSyn(run, bPort, port, MAXSEG, "B's SYN announces mss " + MAXSEG + ", less than the MTU allows");
        run.echo(b, LINE);
        observeSegments(run, bPort, port, MAXSEG - TIMESTAMPS, "B's 3000 bytes");
        run.observeWire("the server sends B segments of at most " + (MAXSEG - TIMESTAMPS) + " bytes too", () -> {
            int count = (LINE.length() + 1 + MAXSEG - TIMESTAMPS - 1) / (MAXSEG - TIMESTAMPS);
            List<Frame> echo = run.awaitFrames(
                    f -> f.between(port, bPort) && f.length() > 0, count, "the echo's segments", ActivityRun.WAIT);
            int largest = echo.stream().mapToInt(Frame::length).max().orElse(0);
            if (echo.isEmpty() || largest > MAXSEG - TIMESTAMPS) {
                throw new AssertionError(echo.size() + " segments of up to " + largest + " bytes");
            }
            return echo.size() + " segments, the largest " + largest + " bytes";
        });
    }

    private static void observeSyn(ActivityRun run, int from, int to, int mss, String claim) {
        run.observeWire(claim, () -> {
            Frame syn = run.awaitFrame(f -> f.between(from, to) && f.isSyn(), "the SYN");
            if (syn.mss().orElse(0) != mss) {
                throw new AssertionError(syn.line());
            }
            return "[S] ... mss " + mss;
        });
    }

    private static void observeSegments(ActivityRun run, int from, int to, int most, String what) {
        run.observeWire(what + " cross in segments of at most " + most + " bytes", () -> {
            int count = (LINE.length() + 1 + most - 1) / most;
            List<Frame> sent = run.awaitFrames(
                    f -> f.between(from, to) && f.length() > 0, count, count + " data segments", ActivityRun.WAIT);
            int largest = sent.stream().mapToInt(Frame::length).max().orElse(0);
            if (largest != most) {
                throw new AssertionError(sent.size() + " segments of up to " + largest + " bytes");
            }
            return sent.size() + " segments, the largest " + largest + " bytes";
        });
    }
}
