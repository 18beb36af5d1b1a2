package org.socketlab.lab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.CwndPlot;
import org.socketlab.lab.draw.HtmlPage;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.draw.Observation.Verdict;
import org.socketlab.lab.draw.ParsedCapture;
import org.socketlab.lab.draw.Section;
import org.socketlab.lab.draw.Segment;
import org.socketlab.lab.draw.SocketLine;
import org.socketlab.lab.draw.SocketState;
import org.socketlab.lab.draw.TcpdumpParser;

/** An activity's run as one HTML page: a section per step, its frames drawn, its sockets and observations beside. */
final class Pages {

    private Pages() {}

    /** Writes the page of {@code result} to {@code file}. */
    static void write(Path file, String server, ActivityResult result) throws IOException {
        List<List<String>> frames =
                result.steps().stream().map(StepReport::frames).toList();
        Map<Integer, String> names = new HashMap<>();
        result.steps().forEach(s -> names.putAll(s.names()));
        ParsedCapture all =
                TcpdumpParser.parse(frames.stream().flatMap(List::stream).toList());
        List<List<Segment>> segments = TcpdumpParser.parseSteps(frames);
        HtmlPage page =
                new HtmlPage("Activity " + result.activity() + " (server: " + server + ")", Ladders.labels(all, names));
        if (result.activity().showsWindows()) {
            page.showWindows();
        }
        for (int i = 0; i < result.steps().size(); i++) {
            StepReport step = result.steps().get(i);
            List<String> narration = new ArrayList<>();
            List<Segment> stepSegments = segments.get(i);
            List<Segment> drawn = new ArrayList<>();
            for (int[] range : Ladders.shown(stepSegments, 0, stepSegments.size())) {
                drawn.addAll(stepSegments.subList(range[0], range[1]));
            }
            if (drawn.size() < stepSegments.size()) {
                narration.add(
                        drawn.size() + " of the step's " + stepSegments.size() + " segments drawn: the first, and "
                                + "those around the first retransmission (lab run --capture FILE keeps them all)");
            }
            step.observations().stream()
                    .filter(o -> o.verdict() == Verdict.SKIPPED)
                    .forEach(o -> narration.add("skipped: " + o.claim() + " (" + o.seen() + ")"));
            List<String> sockets = new ArrayList<>();
            if (!step.sockets().isEmpty()) {
                sockets.add(SocketLine.HEADER);
                step.sockets().forEach(s -> sockets.add(s.toString()));
            }
            List<Observation> checked = step.observations().stream()
                    .filter(o -> o.verdict() != Verdict.SKIPPED)
                    .toList();
            // A socket line prints ss's columns, which SocketState reads back.
            List<SocketState> snapshot = step.sockets().stream()
                    .map(s -> SocketState.fromSs(s.toString()))
                    .flatMap(Optional::stream)
                    .toList();
            page.add(new Section(
                    "Step " + step.number() + ". " + step.what(), narration, drawn, sockets, snapshot, checked));
        }
        List<String> cwnd = result.series().get("cwnd");
        if (cwnd != null) {
            page.add(CwndPlot.parse("cwnd and ssthresh of the sender, from TCP_INFO (segments)", cwnd));
        }
        page.write(file);
    }
}
