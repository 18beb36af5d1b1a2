package org.socketlab.lab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.Observation.Verdict;
import org.socketlab.lab.activity.SocketLine;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Endpoint;
import org.socketlab.lab.draw.HtmlPage;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.draw.ParsedCapture;
import org.socketlab.lab.draw.Section;
import org.socketlab.lab.draw.SocketState;
import org.socketlab.lab.draw.TcpState;
import org.socketlab.lab.draw.TcpdumpParser;

/** An activity's run as one HTML page: a section per step, its frames drawn, its sockets and observations beside. */
final class Pages {

    private Pages() {}

    /** Writes the page of {@code result} to {@code file}. */
    static void write(Path file, String server, ActivityResult result) throws IOException {
        List<String> allFrames =
                result.steps().stream().flatMap(s -> s.frames().stream()).toList();
        Map<Integer, String> names = new HashMap<>();
        result.steps().forEach(s -> names.putAll(s.names()));
        ParsedCapture all = TcpdumpParser.parse(allFrames);
        HtmlPage page =
                new HtmlPage("Activity " + result.activity() + " (server: " + server + ")", Ladders.labels(all, names));
        for (StepReport step : result.steps()) {
            List<String> narration = new ArrayList<>();
            step.sockets().forEach(s -> narration.add("ss: " + s));
            step.observations().stream()
                    .filter(o -> o.verdict() == Verdict.SKIPPED)
                    .forEach(o -> narration.add("skipped: " + o.claim() + " (" + o.seen() + ")"));
            List<Observation> checked = step.observations().stream()
                    .filter(o -> o.verdict() != Verdict.SKIPPED)
                    .map(o -> new Observation(o.claim() + ": " + o.seen(), o.verdict() != Verdict.FAILED))
                    .toList();
            List<SocketState> snapshot = step.sockets().stream()
                    .map(Pages::state)
                    .flatMap(Optional::stream)
                    .toList();
            page.add(new Section(
                    "Step " + step.number() + ". " + step.what(),
                    narration,
                    TcpdumpParser.parse(step.frames()).segments(),
                    snapshot,
                    checked));
        }
        page.write(file);
    }

    /** The kernel's view of one socket, for marking the inferred states; a listening socket's peer is port 0. */
    private static Optional<SocketState> state(SocketLine line) {
        Optional<TcpState> state = TcpState.fromName(line.state());
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Endpoint local = Endpoint.parse(line.local());
        Endpoint peer = line.peer().endsWith(":*") ? new Endpoint(local.address(), 0) : Endpoint.parse(line.peer());
        return Optional.of(new SocketState(local, peer, state.get()));
    }
}
