package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrawCommandTest {

    @TempDir
    Path dir;

    @Test
    void drawsAFileAsATextLadder() throws IOException {
        Run run = run(InputStream.nullInputStream(), copy("echo-ipv4.txt").toString());

        assertThat(run.status).as("exit status; stderr: %s", run.err).isZero();
        assertThat(run.out).startsWith("time (s)").contains("|--[S] seq 0 mss 88-");
        assertThat(run.err).isEmpty();
    }

    @Test
    void drawsStdinAndCountsTheLinesItSkipped() throws IOException {
        Run run = run(resource("messy.txt"), "-");

        assertThat(run.status).isZero();
        assertThat(run.out.lines().filter(l -> l.contains("|--") || l.contains("|<-")))
                .hasSize(5);
        assertThat(run.err)
                .isEqualTo("lab draw: 9 of 14 lines are not TCP segments and were skipped, the first: "
                        + "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
    }

    @Test
    void printsMermaidAndWritesThePage() throws IOException {
        Path page = dir.resolve("page.html");

        Run run = run(
                InputStream.nullInputStream(), copy("refused.txt").toString(), "--mermaid", "--html", page.toString());

        assertThat(run.status).isZero();
        assertThat(run.out).startsWith("sequenceDiagram\n").contains("-xP0: ");
        assertThat(run.err).isEqualTo("lab draw: wrote " + page + " (2 segments)\n");
        assertThat(Files.readString(page)).contains("class=\"segment rst\" data-flags=\"R.\"");
    }

    @Test
    void plotsTheCwndSamplesOnThePage() throws IOException {
        Path page = dir.resolve("page.html");
        Path cwnd = Files.writeString(
                dir.resolve("cwnd.csv"),
                "seconds,cwnd,ssthresh,retransmits\n0.0010,10,2147483647,0\n0.0030,40,2147483647,0\n"
                        + "0.0050,20,20,1\n0.0070,21,20,1\n");

        Run run = run(
                InputStream.nullInputStream(),
                copy("echo-ipv4.txt").toString(),
                "--cwnd",
                cwnd.toString(),
                "--html",
                page.toString());

        assertThat(run.status).as("stderr: %s", run.err).isZero();
        assertThat(run.err).startsWith("lab draw: 4 cwnd samples in " + cwnd + ", cwnd up to 40 segments\n");
        String html = Files.readString(page);
        assertThat(html).contains("class=\"cwnd-line\"").contains("class=\"ssthresh-line\"");
        assertThat(html).as("one mark where the retransmissions grow").containsOnlyOnce("class=\"loss\"");
    }

    @Test
    void aCwndFileThatIsNotCsvIsRefusedInOneLine() throws IOException {
        Path cwnd = Files.writeString(dir.resolve("cwnd.csv"), "0.001,10,2147483647,0\n0.002,ten\n");

        Run run = run(InputStream.nullInputStream(), copy("echo-ipv4.txt").toString(), "--cwnd", cwnd.toString());

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("lab draw: cannot read " + cwnd + ": line 2 is not seconds,cwnd,ssthresh,retransmits: "
                        + "0.002,ten; give the CSV file lab run congestion --cwnd wrote\n");
    }

    @Test
    void labelsNameTheLanesByPortOrEndpoint() throws IOException {
        Run run = run(
                InputStream.nullInputStream(),
                copy("activity-7-backlog-1.txt").toString(),
                "--label",
                "20330=server",
                "--label",
                "127.0.0.1:33884=client A",
                "--label",
                "33916=client D");

        assertThat(run.status).as("exit status; stderr: %s", run.err).isZero();
        assertThat(run.out.lines().findFirst().orElseThrow())
                .as("the unnamed clients titled by their ports")
                .matches("time \\(s\\) +client A +client :33886 +client :33900 +client D +server");
    }

    @Test
    void aLabelNamingNoEndpointIsStatusTwo() throws IOException {
        Run run = run(InputStream.nullInputStream(), copy("echo-ipv6.txt").toString(), "--label", "[::1]:9=x");

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err)
                .startsWith("lab draw: --label [::1]:9=x names no endpoint of ")
                .contains("; give PORT or IP:PORT of one of: [[::1]:36300, [::1]:25446]")
                .hasLineCount(1);
    }

    @Test
    void noTcpSegmentIsStatusOne() {
        Run run = run(new ByteArrayInputStream("hello\nworld\n".getBytes(StandardCharsets.UTF_8)), "-");

        assertThat(run.status).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err)
                .isEqualTo("lab draw: no TCP segment in stdin (2 lines skipped, the first: hello); give "
                        + "the lines tcpdump -n -tt prints, e.g. sudo tcpdump -i lo -n -tt port 8765\n");
    }

    @Test
    void aMissingFileIsStatusTwoInOneLine() {
        Run run = run(InputStream.nullInputStream(), dir.resolve("none.txt").toString());

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("lab draw: cannot read " + dir.resolve("none.txt") + ": no such file; give "
                        + "the file tcpdump -n -tt printed to, or - for stdin\n");
    }

    @Test
    void aBinaryPcapIsStatusTwoSayingHowToPrintIt() throws IOException {
        Path pcap = copy("echo.pcap");

        Run run = run(InputStream.nullInputStream(), pcap.toString());

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err)
                .isEqualTo("lab draw: " + pcap + " is a binary capture (tcpdump -w), not text: print it "
                        + "with tcpdump -n -tt -r " + pcap + " > capture.txt and draw that\n");
    }

    @Test
    void aPageThatCannotBeWrittenIsStatusTwo() throws IOException {
        Path page = dir.resolve("no-such-dir").resolve("page.html");

        Run run = run(InputStream.nullInputStream(), copy("echo-ipv4.txt").toString(), "--html", page.toString());

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err)
                .startsWith("lab draw: cannot write " + page + ": ")
                .endsWith("; give a writable path to --html\n")
                .hasLineCount(1);
    }

    @Test
    void anUnknownOptionIsStatusTwo() {
        Run run = run(InputStream.nullInputStream(), "--svg");

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("Unknown option: '--svg'");
    }

    private Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static InputStream resource(String name) {
        return DrawCommandTest.class.getResourceAsStream("/tcpdump/" + name);
    }

    private static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new DrawCommand(stdin));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int status = command.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {}
}
