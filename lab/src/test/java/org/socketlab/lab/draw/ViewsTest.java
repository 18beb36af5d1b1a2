package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.options.TcpState;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The text ladder, the Mermaid diagram and the page drawn from the same real captures. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ViewsTest {

    @Test
    void theTextLadderHasAnArrowPerSegmentPointingTheRightWay() {
        Ladder ladder = Ladder.of(Captures.parse("echo-ipv4.txt"));

        List<String> lines = TextLadder.render(ladder).lines().toList();

        assertThat(lines.get(0)).startsWith("time (s)").contains("client").contains("server");
        assertThat(lines.get(1)).contains("127.0.0.1:55104").contains("127.0.0.1:21330");
        assertThat(lines)
                .filteredOn(l -> l.contains("|--") && l.contains("->|"))
                .as("client to server")
                .hasSize(6);
        assertThat(lines)
                .filteredOn(l -> l.contains("|<-"))
                .as("server to client")
                .hasSize(4);
        assertThat(lines.get(2)).startsWith("0.000000   |--[S] seq 0 mss 88-");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("0.000084   |--[P.] seq 1:7 ack 1 len 6-"));
        assertThat(lines.get(3).strip()).isEqualTo("SYN_SENT" + " ".repeat(24) + "LISTEN");
        assertThat(String.join("\n", lines)).contains("TIME_WAIT").contains("CLOSE_WAIT");
    }

    @Test
    void theTextLadderNamesResetsRetransmissionsAndUnansweredSynsAndIdleGaps() {
        Ladder ladder = Ladder.of(Captures.parse("backlog-full.txt"));

        List<String> lines = TextLadder.render(ladder).lines().toList();

        assertThat(lines).filteredOn(l -> l.endsWith("no answer")).hasSize(8);
        assertThat(lines).filteredOn(l -> l.contains("  retransmission")).hasSize(6);
        assertThat(lines).filteredOn(l -> l.endsWith("  RST")).hasSize(2);
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("(0.887 s idle)"));
        assertThat(lines.get(0).split("client", -1)).as("four client lanes").hasSize(5);
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("ESTABLISHED (:39326)"));
    }

    @Test
    void aStateChangeIsWrittenAtTheSegmentThatCausedItAndOneSegmentMayMoveAnEndTwice() {
        Ladder ladder = Ladder.of(Captures.parse("fin-with-data.txt"));
        Endpoint client = ladder.segments().get(0).source();
        Endpoint server = ladder.segments().get(0).destination();

        assertThat(ladder.stateLabels(3))
                .as("the client's [FP.]: the server's CLOSE_WAIT is written at the FIN that caused it")
                .containsExactly(entry(client, "FIN_WAIT_1"), entry(server, "CLOSE_WAIT"));
        assertThat(ladder.stateLabels(4))
                .as("the server's [F.] acknowledges the client's FIN and brings its own")
                .containsExactly(entry(server, "LAST_ACK"), entry(client, "FIN_WAIT_2 → TIME_WAIT"));
        assertThat(ladder.stateLabels(5)).containsExactly(entry(server, "CLOSED"));
        assertThat(TextLadder.render(ladder)).containsPattern("\\n {11}FIN_WAIT_1 +CLOSE_WAIT\\n");
    }

    @Test
    void theTextLadderDrawsARangeWithStatesFromBefore() {
        Ladder ladder = Ladder.of(Captures.parse("echo-ipv4.txt"));

        List<String> lines = TextLadder.render(ladder, 5, 7).lines().toList();

        assertThat(lines).hasSize(2 + 2 + 2);
        assertThat(lines.get(2)).startsWith("0.000104   |--[F.] seq 7 ack 1-");
        assertThat(lines.get(3).strip()).startsWith("FIN_WAIT_1");
        assertThatThrownBy(() -> TextLadder.render(ladder, 5, 11)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void mermaidHasAMessagePerSegmentAndCrossesResets() {
        Ladder ladder = Ladder.of(Captures.parse("rst-unread-data.txt").segments(), Map.of());

        List<String> lines = Mermaid.render(ladder).lines().toList();

        assertThat(lines.get(0)).isEqualTo("sequenceDiagram");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("    participant "))
                .containsExactly(
                        "    participant P0 as client 127.0.0.1:37098", "    participant P1 as server 127.0.0.1:26526");
        assertThat(lines).filteredOn(l -> l.matches(" {4}P\\d-?-[>x]+P\\d: .*")).hasSize(6);
        assertThat(lines)
                .contains(
                        "    P1-xP0: 0.200225 [R.] seq 1 ack 14",
                        "    Note over P0,P1: 0.200 s idle",
                        "    Note over P0: SYN_SENT");
    }

    @Test
    void thePageHasASegmentElementPerSegmentAndAStateLabelPerChange() throws Exception {
        ParsedCapture capture = Captures.parse("backlog-full.txt");
        Endpoint server = new Endpoint("127.0.0.1", 23052);
        String html = new HtmlPage("Activity 7 <backlog 1>", Map.of(server, "server"))
                .add(new Section(
                        "A and B connect",
                        List.of("listen(1), never accept"),
                        capture.segments().subList(0, 10),
                        List.of(),
                        List.of(),
                        List.of(new Observation("A queued", Observation.Verdict.HELD, ""))))
                .add(new Section(
                        "C and D retry",
                        List.of(),
                        capture.segments().subList(10, 22),
                        List.of(),
                        List.of(
                                new SocketState(new Endpoint("127.0.0.1", 39350), server, TcpState.SYN_SENT),
                                new SocketState(new Endpoint("127.0.0.1", 39326), server, TcpState.TIME_WAIT)),
                        List.of(new Observation("D's SYNs unanswered", Observation.Verdict.FAILED, ""))))
                .render();

        Document page = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        NodeList segments = withClass(page, "segment");
        assertThat(segments.getLength())
                .as("segment elements")
                .isEqualTo(capture.segments().size());
        Element first = (Element) segments.item(0);
        assertThat(first.getAttribute("data-flags")).isEqualTo("S");
        assertThat(first.getAttribute("data-src")).isEqualTo("127.0.0.1:39326");
        assertThat(first.getAttribute("data-dst")).isEqualTo("127.0.0.1:23052");
        assertThat(first.getAttribute("data-len")).isEqualTo("0");
        assertThat(withClass(page, "unanswered").getLength()).isEqualTo(8);
        assertThat(withClass(page, "rst").getLength()).isEqualTo(2);
        Ladder ladder = Ladder.of(capture.segments(), Map.of(server, "server"));
        int labels = IntStream.range(0, capture.segments().size())
                .map(i -> ladder.stateLabels(i).size())
                .sum();
        assertThat(nodes(page, "//*[@class='state']").getLength())
                .as("a state label per lane and change")
                .isEqualTo(labels);
        assertThat(nodes(page, "//*[@class='state confirmed']").getLength()).isEqualTo(1);
        assertThat(nodes(page, "//*[@class='state contradicted']").getLength())
                .as("FIN_WAIT_2 is not TIME-WAIT")
                .isEqualTo(1);
        assertThat(nodes(page, "//svg").getLength()).isEqualTo(2);
        assertThat(html)
                .contains("<title>Activity 7 &lt;backlog 1&gt;</title>", "✔ A queued", "✘ D&#39;s SYNs")
                .as("nothing fetched: no script, no link, no image")
                .doesNotContain("<script", " href=", " src=");
    }

    @Test
    void aDrawPageTitlesEachClientByItsPortAndSpeaksOfSsOnlyWhenItHasIt() throws Exception {
        ParsedCapture capture = Captures.parse("backlog-full.txt");
        String html = new HtmlPage("capture", Map.of())
                .add(Section.of("capture", capture.segments()))
                .render();

        Document page = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        List<String> titles = texts(page, "//*[@class='lane-label']");
        assertThat(titles).contains("client :39326", "server").doesNotHaveDuplicates();
        assertThat(texts(page, "//*[@class='legend']"))
                .singleElement()
                .asString()
                .doesNotContain("(ss)", "kernel");
        assertThat(html)
                .as("a label over a lane's dotted line hides the line behind a white halo")
                .containsPattern("\\.segment text\\.label \\{[^}]*paint-order: stroke; stroke: #fff");
    }

    @Test
    void everySectionOfAPageDrawsEachLaneAtTheSamePlace() throws Exception {
        ParsedCapture capture = Captures.parse("backlog-full.txt");
        List<Segment> all = capture.segments();
        String html = new HtmlPage("capture", Map.of())
                .add(Section.of("first", all.subList(0, 2)))
                .add(Section.of("then", all.subList(2, all.size())))
                .render();

        Document page = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        NodeList svgs = nodes(page, "//svg");
        assertThat(svgs.getLength()).isEqualTo(2);
        List<String> firstLanes = texts(page, "(//svg)[1]//*[@class='lane-label']/@x");
        assertThat(firstLanes).hasSizeGreaterThan(2);
        assertThat(texts(page, "(//svg)[2]//*[@class='lane-label']/@x")).isEqualTo(firstLanes);
    }

    private static List<String> texts(Document page, String xpath) throws Exception {
        NodeList nodes = nodes(page, xpath);
        return IntStream.range(0, nodes.getLength())
                .mapToObj(i -> nodes.item(i).getTextContent())
                .toList();
    }

    private static NodeList withClass(Document page, String name) throws Exception {
        return nodes(page, "//*[contains(concat(' ', @class, ' '), ' " + name + " ')]");
    }

    private static NodeList nodes(Document page, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, page, XPathConstants.NODESET);
    }
}
