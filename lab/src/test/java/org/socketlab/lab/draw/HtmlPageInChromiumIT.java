package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The page as a browser sees it: headless Chromium loads it from disk, counts its arrows and takes a picture. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HtmlPageInChromiumIT {
    private static final Pattern PROBE =
            Pattern.compile("<title>segments=(\\d+) states=(\\d+) firstArrowWidth=(\\d+)</title>");

    @TempDir
    Path dir;

    private HeadlessChromium chromium;

    @BeforeEach
    void chromium() {
        chromium = HeadlessChromium.require(dir);
    }

    @Test
    void loadsWithoutConsoleMessagesWithAnArrowPerTcpLine() throws Exception {
        List<String> lines = Captures.lines("backlog-full.txt");
        long tcpLines = lines.stream().filter(l -> l.contains(": Flags [")).count();
        Ladder ladder = Ladder.of(TcpdumpParser.parse(lines));
        String html = page(lines).render();
        Path page = Files.writeString(dir.resolve("backlog-full.html"), html);

        HeadlessChromium.Run load = chromium.dumpDom(page);
        assertThat(load.console()).as("console messages of the page as written").isEmpty();

        // The same page with a probe asking the browser's DOM and layout, not our string.
        Path probed = Files.writeString(
                dir.resolve("probed.html"),
                html.replace(
                        "</body>",
                        "<script>"
                                + "var s = document.querySelectorAll('.segment');"
                                + "document.title = 'segments=' + s.length + ' states=' +"
                                + " document.querySelectorAll('.state').length"
                                + " + ' firstArrowWidth=' +"
                                + " Math.round(s[0].querySelector('line').getBBox().width);</script></body>"));
        HeadlessChromium.Run probe = chromium.dumpDom(probed);
        assertThat(probe.console()).as("console messages of the probe").isEmpty();
        Matcher seen = PROBE.matcher(probe.stdout());
        assertThat(seen.find())
                .as("the probe's title in the DOM chromium dumped:\n%s", probe.stdout())
                .isTrue();
        assertThat(Long.parseLong(seen.group(1)))
                .as(".segment elements vs TCP lines")
                .isEqualTo(tcpLines);
        assertThat(Integer.parseInt(seen.group(2)))
                .as(".state elements vs states to write")
                .isEqualTo(IntStream.range(0, ladder.segments().size())
                        .map(i -> ladder.stateLabels(i).size())
                        .sum());
        assertThat(Integer.parseInt(seen.group(3)))
                .as("the first arrow is laid out across the lanes")
                .isPositive();

        Path png = Files.createDirectories(Path.of("target", "chromium")).resolve("backlog-full.png");
        Files.deleteIfExists(png);
        chromium.screenshot(page, png, 1400, 1200);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG at %s", png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(1200);
    }

    /** The console check above must be able to fail: a page with a script error is caught. */
    @Test
    void seesAConsoleError() throws IOException, InterruptedException {
        Path page = Files.writeString(
                dir.resolve("broken.html"),
                page(Captures.lines("refused.txt"))
                        .render()
                        .replace("</body>", "<script>noSuchFunction();</script></body>"));

        HeadlessChromium.Run load = chromium.dumpDom(page);

        assertThat(load.console()).singleElement().asString().contains("noSuchFunction is not defined");
    }

    private static HtmlPage page(List<String> lines) {
        ParsedCapture capture = TcpdumpParser.parse(lines);
        return new HtmlPage("A backlog of 1", Map.of()).add(Section.of("capture", capture.segments()));
    }
}
