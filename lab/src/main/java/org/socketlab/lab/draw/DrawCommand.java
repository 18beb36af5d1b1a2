package org.socketlab.lab.draw;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lab draw [FILE|-] [--html FILE] [--cwnd FILE] [--mermaid] [--label [IP:]PORT=NAME]...}: what a student
 * captured with {@code tcpdump -n -tt} drawn as a ladder on stdout (or a Mermaid diagram with {@code --mermaid}), and
 * with {@code --html} as a page, with the cwnd samples of {@code --cwnd} plotted.
 *
 * <p>Exit status: 0 when at least one TCP segment was drawn, 1 when the input holds none, 2 for a bad command
 * line, an input that cannot be read or a page that cannot be written. Lines that are not TCP segments are counted
 * on stderr, never fatal.
 */
@Command(
        name = "draw",
        description = "Draw a capture printed by tcpdump -n -tt (with or without -S or -v, IPv4 or IPv6) as a ladder: "
                + "a column per endpoint, an arrow per segment, each end's TCP state where it changes.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:segments drawn",
            "1:no TCP segment in the input",
            "2:bad usage, unreadable input, page not written"
        })
public final class DrawCommand implements Callable<Integer> {
    private static final int PEEK = 4;

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE|-",
            description = "tcpdump's text output; - or nothing for stdin.")
    private String file = "-";

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Also write the diagram as one self-contained HTML page.")
    private Path html;

    @Option(
            names = "--cwnd",
            paramLabel = "FILE",
            description = "cwnd samples (CSV seconds,cwnd,ssthresh,retransmits, as lab run congestion --cwnd writes "
                    + "them) to plot on the --html page; a summary line on stderr.")
    private Path cwnd;

    @Option(names = "--mermaid", description = "Print a Mermaid sequenceDiagram instead of the text ladder.")
    private boolean mermaid;

    @Option(
            names = "--label",
            paramLabel = "[IP:]PORT=NAME",
            description = "Name a lane, e.g. --label 8765=server --label 127.0.0.1:52589=\"client A\"; repeatable. "
                    + "Unnamed lanes are called client or server from who sent the SYN.")
    private Map<String, String> labels = new LinkedHashMap<>();

    private final InputStream stdin;

    /** The command reading stdin for {@code -}. */
    public DrawCommand() {
        this(System.in);
    }

    /** The command reading {@code stdin} for {@code -}. */
    DrawCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = file.equals("-") ? "stdin" : file;
        ParsedCapture capture;
        try (InputStream in = new BufferedInputStream(file.equals("-") ? stdin : Files.newInputStream(Path.of(file)))) {
            if (isPcap(in)) {
                err.println("lab draw: " + name + " is a binary capture (tcpdump -w), not text: print it with "
                        + "tcpdump -n -tt -r " + name + " > capture.txt and draw that");
                return 2;
            }
            capture = TcpdumpParser.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            err.println("lab draw: cannot read " + name + ": no such file; give the file tcpdump -n -tt printed to, "
                    + "or - for stdin");
            return 2;
        } catch (IOException e) {
            err.println("lab draw: cannot read " + name + ": " + e.getMessage() + "; give a readable text file, "
                    + "or - for stdin");
            return 2;
        }
        if (capture.segments().isEmpty()) {
            err.println("lab draw: no TCP segment in " + name + " (" + capture.skippedLines() + " lines skipped"
                    + (capture.firstSkipped().isEmpty()
                            ? ""
                            : ", the first: " + capture.firstSkipped().get(0))
                    + "); give the lines tcpdump -n -tt prints, e.g. sudo tcpdump -i lo -n -tt port 8765");
            return 1;
        }
        if (capture.skippedLines() > 0) {
            err.println("lab draw: " + capture.skippedLines() + " of " + capture.linesRead()
                    + " lines are not TCP segments and were skipped, the first: "
                    + capture.firstSkipped().get(0));
        }
        Map<Endpoint, String> named = new HashMap<>();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            List<Endpoint> matching = capture.endpoints().stream()
                    .filter(e -> matches(label.getKey(), e))
                    .toList();
            if (matching.isEmpty()) {
                err.println("lab draw: --label " + label.getKey() + "=" + label.getValue() + " names no endpoint of "
                        + name + "; give PORT or IP:PORT of one of: " + capture.endpoints());
                return 2;
            }
            matching.forEach(e -> named.put(e, label.getValue()));
        }
        CwndPlot plot = null;
        if (cwnd != null) {
            try {
                plot = CwndPlot.parse("cwnd and ssthresh: " + cwnd, Files.readAllLines(cwnd));
            } catch (IOException | IllegalArgumentException e) {
                err.println("lab draw: cannot read " + cwnd + ": " + e.getMessage() + "; give the CSV file lab run "
                        + "congestion --cwnd wrote");
                return 2;
            }
            long most = plot.samples().stream()
                    .mapToLong(CwndPlot.Sample::cwnd)
                    .max()
                    .orElse(0);
            err.println("lab draw: " + plot.samples().size() + " cwnd samples in " + cwnd + ", cwnd up to " + most
                    + " segments");
        }
        Ladder ladder = Ladder.of(capture.segments(), named);
        out.print(mermaid ? Mermaid.render(ladder) : TextLadder.render(ladder));
        out.flush();
        if (html != null) {
            try {
                HtmlPage page =
                        new HtmlPage("tcpdump capture: " + name, named).add(Section.of(name, capture.segments()));
                if (plot != null) {
                    page.add(plot);
                }
                page.write(html);
            } catch (IOException e) {
                err.println(
                        "lab draw: cannot write " + html + ": " + e.getMessage() + "; give a writable path to --html");
                return 2;
            }
            err.println("lab draw: wrote " + html + " (" + capture.segments().size() + " segments)");
        }
        return 0;
    }

    /** {@code 8765} matches any address with that port; {@code 127.0.0.1:8765} and {@code [::1]:8765} one end. */
    private static boolean matches(String key, Endpoint endpoint) {
        if (key.chars().allMatch(Character::isDigit)) {
            return key.equals(String.valueOf(endpoint.port()));
        }
        try {
            return Endpoint.parse(key).equals(endpoint);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The magic numbers of pcap (either byte order, micro- or nanosecond) and pcapng files. */
    private static boolean isPcap(InputStream in) throws IOException {
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        if (head.length < PEEK) {
            return false;
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        return magic == 0xa1b2c3d4
                || magic == 0xd4c3b2a1
                || magic == 0xa1b23c4d
                || magic == 0x4d3cb2a1
                || magic == 0x0a0d0d0a;
    }
}
