package org.socketlab.lab.cheatsheet;

import java.time.Duration;
import java.util.List;
import org.socketlab.lab.activity.ActivityRun;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.LabProcess;

/**
 * Flow control and the persist timer: every segment advertises the window (WIN), the bytes its sender's receive
 * buffer still takes. A receiver that stops reading fills its buffer and advertises {@code win 0}; the sender may
 * send nothing, and its persist timer sends zero-window probes (an ACK one byte below what the receiver expects) at
 * growing intervals, the RTO doubled each time, until a probe's answer opens the window. When the receiver reads,
 * its kernel sends a window update at once and the data flows again.
 */
final class ZeroWindow extends CheatSheetActivity {
    static final int RCVBUF = 4096;
    static final int BYTES = 200_000;
    static final int PROBES = 3;

    ZeroWindow() {
        super(
                "window",
                "Flow control: the zero window and the persist timer",
                "What does a sender do when the receiver's window is 0, and how does it learn that it opened?");
    }

    @Override
    protected void steps(ActivityRun run) {
        run.step("a receiver with SO_RCVBUF " + RCVBUF + " (the kernel doubles it) starts on "
                + run.serverHost().address() + " and reads nothing");
        LabProcess receiver =
                run.startListener("receiver", peer("receive", "--rcvbuf", String.valueOf(RCVBUF), "--hold", "0"));
        int port = run.port();

        run.step("the sender connects from " + run.clientHost().address() + " and writes " + BYTES + " bytes");
        LabProcess sender = sender(run, String.valueOf(BYTES));
        int s = senderPort(sender);
        receiver.awaitLine("^receiver: not reading$", ActivityRun.WAIT);
        Frame[] closed = new Frame[1];
        run.observeWire("the receiver's buffer fills: it advertises win 0", () -> {
            closed[0] = run.awaitFrame(f -> f.between(port, s) && window(f) == 0, "win 0 from the receiver");
            return "ack " + closed[0].ack().orElseThrow() + ", win 0";
        });
        run.observeWire(PROBES + " zero-window probes from the sender, each wait longer than the last", () -> {
            double after = closed[0] == null ? 0 : closed[0].time();
            List<Frame> probes = run.awaitFrames(
                    f -> f.between(s, port) && f.isPureAck() && f.time() > after,
                    PROBES,
                    PROBES + " probes",
                    Duration.ofSeconds(10));
            List<Double> gaps = gaps(probes.stream().map(Frame::time).toList());
            for (int i = 1; i < gaps.size(); i++) {
                if (gaps.get(i) <= gaps.get(i - 1)) {
                    throw new AssertionError("probes " + seconds(gaps) + " apart");
                }
            }
            return "probes " + seconds(gaps) + " apart, each answered with win 0";
        });
        run.observe("ss -o shows the sender's persist timer; its Send-Q holds what may not be sent", () -> {
            String ss = HostKernel.ss(run.clientHost(), s);
            HostKernel.Timer timer = HostKernel.Timer.of(ss);
            if (!timer.name().equals("persist")) {
                throw new AssertionError(ss);
            }
            return timer.toString();
        });

        run.step("the receiver reads: its kernel sends a window update, the data flows again");
        receiver.send("read\n");
        run.observeWire("a window update (win above 0) from the receiver, then the sender's data", () -> {
            double after = closed[0] == null ? 0 : closed[0].time();
            Frame update =
                    run.awaitFrame(f -> f.between(port, s) && f.time() > after && window(f) > 0, "the window update");
            Frame data = run.awaitFrame(
                    f -> f.between(s, port) && f.length() > 0 && f.time() >= update.time(), "data after the update");
            return "win " + window(update) + ", then seq " + data.seq().orElseThrow();
        });
        run.observe("every byte arrives: the receiver reads " + BYTES + " bytes", () -> {
            receiver.awaitLine("^receiver: read " + BYTES + " bytes, then EOF$", ActivityRun.WAIT);
            sender.awaitLine("^sender: the receiver closed", ActivityRun.WAIT);
            return BYTES + " bytes read";
        });
    }

    private static int window(Frame f) {
        return f.window().orElse(-1);
    }
}
