package org.socketlab.lab.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.draw.Endpoint;
import org.socketlab.lab.draw.Ladder;
import org.socketlab.lab.draw.ParsedCapture;
import org.socketlab.lab.draw.TcpdumpParser;
import org.socketlab.lab.draw.TextLadder;

/**
 * The frames of an activity's steps as text ladders: each step draws its own rows, with the lanes and the TCP
 * states of the whole run so far, so that a connection opened in one step is ESTABLISHED in the next.
 */
final class Ladders {
    private final List<String> lines = new ArrayList<>();

    /** The ladder rows of one step's frames. */
    List<String> draw(StepReport step) {
        int before = TcpdumpParser.parse(lines).segments().size();
        lines.addAll(step.frames());
        ParsedCapture all = TcpdumpParser.parse(lines);
        Ladder ladder = Ladder.of(all.segments(), labels(all, step.names()));
        return TextLadder.render(ladder, before, all.segments().size()).lines().toList();
    }

    /** Lane labels for the endpoints whose port the run named: "server", "client A". */
    static Map<Endpoint, String> labels(ParsedCapture capture, Map<Integer, String> names) {
        Map<Endpoint, String> labels = new HashMap<>();
        for (Endpoint endpoint : capture.endpoints()) {
            String name = names.get(endpoint.port());
            if (name != null) {
                labels.put(endpoint, name);
            }
        }
        return labels;
    }
}
