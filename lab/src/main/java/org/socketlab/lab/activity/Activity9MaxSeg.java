package org.socketlab.lab.activity;

import java.util.List;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;

/**
 * Activity 9: "Modify the size of the segments sent by the client with TCP_MAXSEG. Is it possible to specify an
 * MSS smaller than 88? If not, why not?" Set before connect, TCP_MAXSEG 88 is announced in the SYN and both ends
 * send segments of at most 88 bytes. On loopback tcpdump sees one GSO super-packet per write; the segments show
 * across a link, so this activity runs on two hosts (network namespaces) when it can. Below 88 the kernel refuses.
 */
final class Activity9MaxSeg extends Activity {
    /** 299 characters and a newline: longer than 88, so that it must cross in several segments. */
    private static final String LINE_300 = "0123456789".repeat(29) + "012345678";

    Activity9MaxSeg() {
        super(9, "TCP_MAXSEG", "Set TCP_MAXSEG 88 on the client and send longer lines. Is an MSS below 88 possible?");
    }

    @Override
    public boolean wantsTwoHosts() {
        return true;
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("the server starts" + (run.twoHosts() ? " on host 10.86.2.1; the clients run on 10.86.2.2" : ""));
        run.startServer();
        int port = run.port();

        run.step("the client sets TCP_MAXSEG=88 before connect, connects and sends a 300-byte line");
        LabProcess client = run.client("A", "-o", "TCP_MAXSEG=88", "--tcp-info");
        int c = run.portOf(client);
        run.observeWire("the client's SYN carries mss 88", () -> {
            Frame syn = run.awaitFrame(f -> f.between(c, port) && f.isSyn(), "the client's SYN");
            if (syn.mss().orElse(0) != 88) {
                throw new AssertionError("the SYN carries mss " + syn.mss().orElse(0) + ": " + syn.line());
            }
            return "[S] ... mss 88";
        });
        run.observe(
                "after connect the kernel sends at most 76 data bytes a segment (88 less 12 of timestamps)",
                () -> client.awaitErrLine("^client: TCP_INFO after connect: .*snd_mss (\\d+)", ActivityRun.WAIT)
                                .group(1)
                                .equals("76")
                        ? "snd_mss 76"
                        : failMss(client));
        run.observe("the 300-byte line comes back whole", () -> {
            run.echo(client, LINE_300);
            return "300 bytes echoed";
        });
        if (run.twoHosts()) {
            run.observeWire("across the link the line crosses in segments of at most 88 bytes, both ways", () -> {
                List<Frame> sent = run.awaitFrames(
                        f -> f.between(c, port) && f.length() > 0, 4, "the client's data segments", ActivityRun.WAIT);
                List<Frame> echoed = run.awaitFrames(
                        f -> f.between(port, c) && f.length() > 0, 4, "the echo's segments", ActivityRun.WAIT);
                int largest = sent.stream().mapToInt(Frame::length).max().orElse(0);
                int largestEcho = echoed.stream().mapToInt(Frame::length).max().orElse(0);
                if (largest > 88 || largestEcho > 88) {
                    throw new AssertionError("segments of up to " + Math.max(largest, largestEcho) + " bytes");
                }
                return sent.size() + " segments of at most " + largest + " bytes; the echo " + echoed.size()
                        + " of at most " + largestEcho;
            });
        }

        run.step("another client sets TCP_MAXSEG=87");
        LabProcess refused = run.clientStarting("B", "-o", "TCP_MAXSEG=87");
        run.observe("the kernel refuses 87 with EINVAL: TCP_MIN_MSS is 88", () -> {
            int status = refused.awaitExit(ActivityRun.WAIT);
            String line =
                    refused.stderrLines().isEmpty() ? "" : refused.stderrLines().get(0);
            if (status != 1 || !line.contains("EINVAL")) {
                throw new AssertionError("exit status " + status + ", stderr " + refused.stderrLines());
            }
            return "exit status 1, EINVAL";
        });
    }

    private static String failMss(LabProcess client) {
        throw new AssertionError("the client's TCP_INFO: " + client.stderrLines());
    }
}
