package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpdumpParserTest {

    private static final Endpoint CLIENT = new Endpoint("127.0.0.1", 55104);
    private static final Endpoint SERVER = new Endpoint("127.0.0.1", 21330);

    @Test
    void readsEveryFieldOfTheSyn() {
        ParsedCapture capture = Captures.parse("echo-ipv4.txt");

        assertThat(capture.segments()).as("segments of a whole echo exchange").hasSize(10);
        assertThat(capture.skippedLines()).as("lines skipped").isZero();
        Segment syn = capture.segments().get(0);
        assertThat(syn.line()).isEqualTo(1);
        assertThat(syn.time()).isEqualTo(1795658484.069131);
        assertThat(syn.source()).isEqualTo(CLIENT);
        assertThat(syn.destination()).isEqualTo(SERVER);
        assertThat(syn.flags()).isEqualTo("S");
        assertThat(syn.isConnectionRequest()).isTrue();
        assertThat(syn.seq()).isEqualTo(OptionalLong.of(934597269L));
        assertThat(syn.relativeSeq()).isEqualTo(OptionalLong.of(0));
        assertThat(syn.ack()).isEmpty();
        assertThat(syn.window()).isEqualTo(OptionalInt.of(65472));
        assertThat(syn.options()).containsExactly("mss 88", "sackOK", "TS val 3588011953 ecr 0", "nop", "wscale 10");
        assertThat(syn.mss()).isEqualTo(OptionalInt.of(88));
        assertThat(syn.length()).isZero();
        assertThat(syn.label()).isEqualTo("[S] seq 0 mss 88");
    }

    @Test
    void recoversAbsoluteNumbersFromRelativeOnes() {
        List<Segment> segments = Captures.parse("echo-ipv4.txt").segments();

        Segment synAck = segments.get(1);
        assertThat(synAck.flags()).isEqualTo("S.");
        assertThat(synAck.ack()).isEqualTo(OptionalLong.of(934597270L));
        assertThat(synAck.relativeAck()).isEqualTo(OptionalLong.of(1));
        Segment data = segments.get(3);
        assertThat(data.flags()).isEqualTo("P.");
        assertThat(data.seq()).as("seq 1:7 printed relative").isEqualTo(OptionalLong.of(934597270L));
        assertThat(data.ack()).isEqualTo(OptionalLong.of(1391559905L));
        assertThat(data.length()).isEqualTo(6);
        assertThat(data.label()).isEqualTo("[P.] seq 1:7 ack 1 len 6");
        Segment pureAck = segments.get(2);
        assertThat(pureAck.flags()).isEqualTo(".");
        assertThat(pureAck.seq()).as("a pure ACK prints no seq").isEmpty();
        assertThat(pureAck.relativeAck()).isEqualTo(OptionalLong.of(1));
    }

    /** The three files were captured at once from the same connection: the same segments must come out. */
    @Test
    void aRunTakenInStepsIsNumberedOverTheWholeRunAsTcpdumpNumbersIt() {
        List<String> lines = Captures.lines("echo-ipv4.txt");

        List<List<Segment>> steps =
                TcpdumpParser.parseSteps(List.of(lines.subList(0, 3), lines.subList(3, 6), lines.subList(6, 10)));

        assertThat(steps).extracting(List::size).containsExactly(3, 3, 4);
        assertThat(steps.get(1))
                .extracting(Segment::label)
                .as("the second step's data and FIN, as the raw lines print them")
                .containsExactly("[P.] seq 1:7 ack 1 len 6", "[.] ack 7", "[F.] seq 7 ack 1");
        assertThat(steps.get(2).get(0).label()).isEqualTo("[P.] seq 1:7 ack 8 len 6");
    }

    @Test
    void absoluteAndVerboseCapturesGiveTheSameSegments() {
        List<String> plain = essence(Captures.parse("echo-ipv4.txt"));

        assertThat(essence(Captures.parse("echo-ipv4-absolute.txt")))
                .as("tcpdump -S")
                .isEqualTo(plain);
        ParsedCapture verbose = Captures.parse("echo-ipv4-verbose.txt");
        assertThat(essence(verbose)).as("tcpdump -v (two lines per segment)").isEqualTo(plain);
        assertThat(verbose.linesRead()).isEqualTo(20);
        assertThat(verbose.skippedLines()).isZero();
    }

    @Test
    void readsIpv6() {
        for (String name : List.of("echo-ipv6.txt", "echo-ipv6-verbose.txt")) {
            ParsedCapture capture = Captures.parse(name);

            assertThat(capture.segments()).as(name).hasSize(10);
            Segment syn = capture.segments().get(0);
            assertThat(syn.source().address()).as(name).isEqualTo("::1");
            assertThat(syn.source().isIpv6()).isTrue();
            assertThat(syn.destination().toString()).as(name).startsWith("[::1]:");
            assertThat(capture.segments().get(3).label())
                    .as(name)
                    .endsWith("ack 1 len " + capture.segments().get(3).length());
        }
    }

    @Test
    void readsTheInterfaceAndDirectionOfDashIAny() {
        ParsedCapture capture = Captures.parse("any-interface.txt");

        assertThat(capture.segments()).hasSize(10);
        assertThat(capture.segments().get(0).source()).isEqualTo(new Endpoint("127.0.0.1", 57276));
    }

    @Test
    void aRefusedConnectionIsASynAndAResetWithAck() {
        List<Segment> segments = Captures.parse("refused.txt").segments();

        assertThat(segments).extracting(Segment::flags).containsExactly("S", "R.");
        Segment rst = segments.get(1);
        assertThat(rst.isRst()).isTrue();
        assertThat(rst.ack()).isEqualTo(OptionalLong.of(752372311L));
        assertThat(rst.relativeAck()).as("the RST acknowledges the SYN").isEqualTo(OptionalLong.of(1));
        assertThat(segments.get(0).unanswered()).as("a SYN answered by a RST").isFalse();
    }

    @Test
    void aResetWithoutAckCarriesAnAbsoluteSeqThatLandsAfterTheFin() {
        List<Segment> segments = Captures.parse("rst-after-close.txt").segments();

        Segment rst = segments.get(segments.size() - 1);
        assertThat(rst.flags()).isEqualTo("R");
        assertThat(rst.seq()).isEqualTo(OptionalLong.of(3317273693L));
        assertThat(rst.relativeSeq()).as("ISN + SYN + FIN").isEqualTo(OptionalLong.of(2));
        assertThat(rst.ack()).isEmpty();
    }

    @Test
    void closingWithUnreadDataSendsAResetWithAck() {
        Segment rst = Captures.parse("rst-unread-data.txt").segments().get(5);

        assertThat(rst.flags()).isEqualTo("R.");
        assertThat(rst.relativeSeq()).isEqualTo(OptionalLong.of(1));
        assertThat(rst.relativeAck())
                .as("the 13 unread bytes were acknowledged")
                .isEqualTo(OptionalLong.of(14));
    }

    @Test
    void readsEcnFlags() {
        List<Segment> segments = Captures.parse("ecn.txt").segments();

        assertThat(segments.get(0).flags()).isEqualTo("SEW");
        assertThat(segments.get(0).isConnectionRequest()).isTrue();
        Segment synAck = segments.get(1);
        assertThat(synAck.flags()).isEqualTo("S.E");
        assertThat(synAck.isSyn() && synAck.isAck()).isTrue();
        assertThat(synAck.relativeAck()).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void aFinCanRideOnData() {
        List<Segment> segments = Captures.parse("fin-with-data.txt").segments();

        Segment finData = segments.get(3);
        assertThat(finData.flags()).isEqualTo("FP.");
        assertThat(finData.isFin()).isTrue();
        assertThat(finData.length()).isEqualTo(11);
        assertThat(finData.sequenceSpace()).as("11 bytes and the FIN").isEqualTo(12);
        assertThat(segments.get(4).relativeAck())
                .as("the server acknowledges data and FIN")
                .isEqualTo(OptionalLong.of(13));
    }

    @Test
    void marksRetransmittedSynsAndTheOnesNeverAnswered() {
        List<Segment> segments = Captures.parse("backlog-full.txt").segments();
        Endpoint third = new Endpoint("127.0.0.1", 39350);
        Endpoint first = new Endpoint("127.0.0.1", 39326);

        List<Segment> thirdSyns =
                segments.stream().filter(s -> s.source().equals(third)).toList();
        assertThat(thirdSyns).extracting(Segment::flags).containsOnly("S").hasSize(4);
        assertThat(thirdSyns).extracting(Segment::retransmission).containsExactly(false, true, true, true);
        assertThat(thirdSyns).extracting(Segment::unanswered).containsOnly(true);
        Segment firstSyn = segments.stream()
                .filter(s -> s.source().equals(first))
                .findFirst()
                .orElseThrow();
        assertThat(firstSyn.unanswered())
                .as("the first client's SYN got its SYN-ACK")
                .isFalse();
        assertThat(segments).filteredOn(Segment::retransmission).hasSize(6);
    }

    @Test
    void marksRetransmittedDataAndFins() {
        List<Segment> segments = Captures.parse("simultaneous-close.txt").segments();

        assertThat(segments)
                .filteredOn(Segment::retransmission)
                .extracting(Segment::flags)
                .containsExactly("P.", "P.", "F.", "F.");
        assertThat(segments.get(3).retransmission())
                .as("the first copy of the data")
                .isFalse();
    }

    @Test
    void joinsLinesAHandoutWrappedAndReadsTheTimeOfDay() {
        ParsedCapture capture = Captures.parse("handout-wrapped.txt");

        assertThat(capture.skippedLines())
                .as("the command and tcpdump's two messages")
                .isEqualTo(3);
        assertThat(capture.segments()).hasSize(3);
        Segment first = capture.segments().get(0);
        assertThat(first.source()).isEqualTo(new Endpoint("localhost", 39363));
        assertThat(first.time()).isEqualTo(16 * 3600 + 28 * 60 + 57.553866);
        assertThat(first.seq()).isEqualTo(OptionalLong.of(470686013L));
        assertThat(first.length()).isEqualTo(5);
        assertThat(capture.segments().get(1).ack())
                .as("ack 5, relative to the first segment")
                .isEqualTo(OptionalLong.of(470686018L));
        assertThat(capture.segments().get(2).text()).endsWith("length 5");
    }

    @Test
    void countsAndSkipsWhatIsNotATcpSegment() {
        ParsedCapture capture = Captures.parse("messy.txt");

        assertThat(capture.segments()).extracting(Segment::flags).containsExactly("S", "S.", ".", "F.", ".");
        assertThat(capture.linesRead()).isEqualTo(14);
        assertThat(capture.skippedLines())
                .as("2 tcpdump messages, UDP, a truncated line and the garbage after it, a 35-bit seq, 3 statistics")
                .isEqualTo(9);
        assertThat(capture.firstSkipped()).hasSize(ParsedCapture.KEPT_SKIPPED);
        assertThat(capture.firstSkipped().get(0)).startsWith("tcpdump: verbose output suppressed");
    }

    @Test
    void everyTruncationOfEveryLineIsSkippedOrReadNeverThrown() {
        for (String line : Captures.lines("echo-ipv4-verbose.txt")) {
            for (int end = 0; end <= line.length(); end++) {
                ParsedCapture capture = TcpdumpParser.parse(List.of(line.substring(0, end)));
                assertThat(capture.segments().size() + capture.skippedLines())
                        .as("'%s' is read or skipped", line.substring(0, end))
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aLineCutBeforeItsLengthIsSkipped() {
        String line = Captures.lines("echo-ipv4.txt").get(3);
        String cut = line.substring(0, line.indexOf(", length"));

        ParsedCapture capture =
                TcpdumpParser.parse(List.of(cut, Captures.lines("echo-ipv4.txt").get(4)));

        assertThat(capture.skippedLines()).isEqualTo(1);
        assertThat(capture.segments()).hasSize(1);
    }

    @Test
    void aReaderIsReadToTheEndButOnlyTheFirstLinesAreKept() throws IOException {
        String syn = Captures.lines("echo-ipv4.txt").get(0) + "\n";

        ParsedCapture capture = TcpdumpParser.parse(new BufferedReader(new StringReader(syn.repeat(8))), 5);

        assertThat(capture.segments()).hasSize(5);
        assertThat(capture.linesRead()).isEqualTo(8);
        assertThat(capture.skippedLines()).isEqualTo(3);
        assertThat(capture.firstSkipped()).containsExactly("3 lines after the first 5, not parsed");
    }

    /** What must not change between tcpdump's output formats. */
    private static List<String> essence(ParsedCapture capture) {
        List<String> essence = new ArrayList<>();
        for (Segment s : capture.segments()) {
            essence.add(s.source() + ">" + s.destination() + " " + s.flags() + " seq " + s.seq() + " ack " + s.ack()
                    + " rel " + s.relativeSeq() + "/" + s.relativeAck() + " len " + s.length() + " win " + s.window()
                    + " " + s.options());
        }
        return essence;
    }
}
