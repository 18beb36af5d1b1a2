package org.socketlab.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.activity.Activities;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.draw.SocketLine;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The page of {@code lab run 2 --html}, from the frames of a real run of activity 2 taken in its four steps. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PagesTest {

    @Test
    void thePageNumbersEachConnectionOverTheWholeRunAsTheRawLinesDo(@TempDir Path dir) throws Exception {
        Document page = pageOfActivity2(dir);

        List<String> labels = texts(page, "//*[contains(@class, 'segment')]/*[@class='label']");
        assertThat(labels)
                .as("the client's data in step 3 and its FIN in step 4")
                .contains("[P.] seq 1:7 ack 1 len 6", "[F.] seq 7 ack 1", "[F.] seq 7 ack 8")
                .doesNotContain("[P.] seq 0:6 ack 1 len 6", "[F.] seq 0 ack 1");
    }

    @Test
    void theSocketsAfterAStepAreTheAlignedTableTheTerminalShows(@TempDir Path dir) throws Exception {
        Document page = pageOfActivity2(dir);

        List<String> tables = texts(page, "//pre[@class='ss']");
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).lines().toList())
                .containsExactly("ss -tan, the port's sockets after the step:", SocketLine.HEADER, SOCKET.toString());
    }

    @Test
    void theKernelsSocketsConfirmTheInferredStateAndTheObservationsShowAsInTheTerminal(@TempDir Path dir)
            throws Exception {
        Document page = pageOfActivity2(dir);

        assertThat(texts(page, "//*[@class='state confirmed']"))
                .as("client A's end, ESTAB in ss after the handshake")
                .hasSize(1);
        assertThat(texts(page, "//*[@class='state contradicted']")).isEmpty();
        assertThat(texts(page, "//li[@class='held']")).containsExactly("✔ the FINs: seen");
    }

    private static final SocketLine SOCKET =
            new SocketLine("ESTAB", 0, 0, "127.0.0.1:55104", "127.0.0.1:21330", "client A's end");

    private static Document pageOfActivity2(Path dir) throws Exception {
        List<String> lines = lines();
        Map<Integer, String> names = Map.of(21330, "server", 55104, "client A");
        List<StepReport> steps = List.of(
                new StepReport(1, "the server starts", List.of(), List.of(), names, List.of()),
                new StepReport(2, "the handshake", List.of(SOCKET), lines.subList(0, 3), names, List.of()),
                new StepReport(3, "\"hello\"", List.of(), lines.subList(3, 5), names, List.of()),
                new StepReport(
                        4,
                        "CTRL-D",
                        List.of(),
                        lines.subList(5, 10),
                        names,
                        List.of(new Observation("the FINs", Observation.Verdict.HELD, "seen"))));
        ActivityResult result = new ActivityResult(
                Activities.number(2).orElseThrow(), steps, Optional.empty(), Duration.ZERO, Map.of());
        Path file = dir.resolve("activity-2.html");

        Pages.write(file, "echo-server", result);

        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(file));
    }

    private static List<String> lines() {
        try (InputStream in = PagesTest.class.getResourceAsStream("/tcpdump/echo-ipv4.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(Document page, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, page, XPathConstants.NODESET);
        return IntStream.range(0, nodes.getLength())
                .mapToObj(i -> nodes.item(i).getTextContent())
                .toList();
    }
}
