package org.socketlab.lab.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.socketlab.lab.activity.Check;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.fixture.Capture;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/**
 * The student's client where activities 3 and 9 run ours, against a reference echo server of this process (so
 * that only the client is judged): its SYN carries the MSS it set (activity 9: 88), it ends at EOF, and it ends
 * when the server closes the connection (the handout's client loops forever on read() returning 0).
 */
public final class ClientCheck {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * What the client did.
     *
     * @param atEof the step for activity 3: the client's line comes back, it ends at EOF and when the server closes
     * @param maxSeg the step for activity 9: the MSS on its SYN
     * @param mss the MSS on its SYN, "unknown" without a capture
     */
    public record Result(StepReport atEof, StepReport maxSeg, Fact mss) {}

    private final Lab lab;
    private final TestedClient client;
    private final boolean capturing;

    public ClientCheck(Lab lab, TestedClient client, boolean capturing) {
        this.lab = lab;
        this.client = client;
        this.capturing = capturing;
    }

    /** Runs the client twice: once to EOF, once until the server closes. */
    public Result run() {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setSoTimeout((int) WAIT.toMillis());
            int port = server.getLocalPort();
            Capture wire = capturing ? lab.capture("tcp port " + port) : null;
            List<Observation> eof = new ArrayList<>();
            LabProcess first = lab.start("student's client", client.commandLine("127.0.0.1", port));
            int firstPort;
            try (Socket accepted = server.accept()) {
                firstPort = accepted.getPort();
                first.send("hello\n");
                eof.add(check("the client's line comes back", () -> {
                    echoLine(accepted);
                    first.awaitLine(".*hello.*", WAIT);
                    return "it printed \"hello\"";
                }));
                first.closeStdin();
                eof.add(check("at EOF (CTRL-D) the client closes its socket and exits", () -> {
                    if (accepted.getInputStream().read() != -1) {
                        throw new AssertionError("it sent more bytes instead of its FIN");
                    }
                    return "its FIN came, exit status " + first.awaitExit(WAIT);
                }));
            } catch (IOException e) {
                eof.add(new Observation("the client connects", Observation.Verdict.FAILED, e.getMessage()));
                return new Result(
                        step(1, "the student's client runs to EOF", eof),
                        step(2, "", List.of()),
                        Fact.unknown("it did not connect"));
            }
            LabProcess second = lab.start("student's client", client.commandLine("127.0.0.1", port));
            try {
                server.accept().close();
                second.send("after the server closed\n");
                eof.add(check("when the server closes, the client ends (read() returning 0 is the end)", () -> {
                    try {
                        return "exit status " + second.awaitExit(WAIT);
                    } catch (AssertionError running) {
                        throw new AssertionError("the client never ends when the server closes: it still runs "
                                + WAIT.toSeconds() + " s later (treat recv() returning 0 as the end)");
                    }
                }));
            } catch (IOException e) {
                eof.add(new Observation("the client connects again", Observation.Verdict.FAILED, e.getMessage()));
            }
            second.close();
            List<Observation> maxSeg = new ArrayList<>();
            Fact mss = Fact.unknown("needs the capture (root and tcpdump)");
            if (wire == null) {
                maxSeg.add(new Observation(
                        "the client's SYN carries mss 88 (TCP_MAXSEG set before connect)",
                        Observation.Verdict.SKIPPED,
                        "needs the capture (root and tcpdump)"));
            } else {
                int clientPort = firstPort;
                Frame syn = wire.frames(f -> f.between(clientPort, port) && f.isSyn()).stream()
                        .findFirst()
                        .orElse(null);
                int seen = syn == null ? 0 : syn.mss().orElse(0);
                mss = new Fact(syn == null ? "unknown" : String.valueOf(seen), "the option of its SYN");
                maxSeg.add(check("the client's SYN carries mss 88 (TCP_MAXSEG set before connect)", () -> {
                    if (seen != 88) {
                        throw new AssertionError("its SYN carries mss " + seen
                                + ": set TCP_MAXSEG to 88 on the socket before connect()");
                    }
                    return "[S] ... mss 88";
                }));
            }
            List<String> frames = wire == null
                    ? List.of()
                    : wire.frames().stream().map(Frame::line).toList();
            return new Result(
                    new StepReport(
                            0,
                            "the student's client (" + client.command() + ") runs to EOF, then until the "
                                    + "server closes",
                            List.of(),
                            frames,
                            Map.of(port, "server", firstPort, "client"),
                            eof),
                    step(0, "the student's client connects", maxSeg),
                    mss);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the reference server for the client", e);
        }
    }

    private static StepReport step(int number, String what, List<Observation> observations) {
        return new StepReport(number, what, List.of(), List.of(), Map.of(), observations);
    }

    /** Reads one line from the client and writes it back. */
    private static void echoLine(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            line.append((char) b);
            if (b == '\n') {
                break;
            }
        }
        out.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!Pattern.compile("hello\r?\n").matcher(line).matches()) {
            throw new AssertionError("the client sent " + line + " for hello");
        }
    }

    private static Observation check(String claim, Check check) {
        try {
            return new Observation(claim, Observation.Verdict.HELD, check.seen());
        } catch (Exception | AssertionError e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Observation(
                    claim,
                    Observation.Verdict.FAILED,
                    message.lines().findFirst().orElse(message));
        }
    }
}
