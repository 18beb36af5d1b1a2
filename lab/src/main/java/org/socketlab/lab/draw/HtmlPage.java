package org.socketlab.lab.draw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (no script, no network: it opens from disk in any browser) with an SVG sequence
 * diagram per {@link Section}: a lane per endpoint, time running down with idle gaps of {@link TextLadder#IDLE_GAP}
 * seconds or more compressed and marked, one arrow per segment labelled like the text ladder, the TCP state of each
 * end written where it changes and, where the section has a kernel snapshot, marked ✔ or ✘ against it; RSTs,
 * retransmissions and unanswered SYNs highlighted; the section's observations with ✔/✘ beside the diagram.
 *
 * <p>For tools and tests: each arrow is an element {@code class="segment"} with {@code data-flags},
 * {@code data-src}, {@code data-dst} and {@code data-len}, and each state label has {@code class="state"}.
 * States flow across sections: a connection opened in one step is ESTABLISHED in the next. Not thread-safe.
 */
public final class HtmlPage {
    private static final int TIME_COLUMN = 90;
    private static final int HEADER = 52;
    private static final int ROW = 34;
    private static final int STATE_ROW = 16;
    private static final int IDLE_ROW = 30;
    private static final double CHAR_WIDTH = 7.3;

    private final String title;
    private final Map<Endpoint, String> labels;
    private final List<Section> sections = new ArrayList<>();
    private final List<CwndPlot> plots = new ArrayList<>();
    private boolean windows;

    /**
     * An empty page.
     *
     * @param title the page's title and heading
     * @param labels labels for the endpoints the caller knows ({@code client A}, {@code server}); may be empty
     */
    public HtmlPage(String title, Map<Endpoint, String> labels) {
        this.title = title;
        this.labels = Map.copyOf(labels);
    }

    /** Writes the advertised window on each arrow ({@code win 512}), for pages about flow control; returns this page. */
    public HtmlPage showWindows() {
        windows = true;
        return this;
    }

    /** Adds a plot of cwnd and ssthresh over time after the sections; returns this page. */
    public HtmlPage add(CwndPlot plot) {
        plots.add(plot);
        return this;
    }

    /** Adds a section after the others; returns this page. */
    public HtmlPage add(Section section) {
        sections.add(section);
        return this;
    }

    /** Writes {@link #render()} to a file, in UTF-8. */
    public void write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** The page as HTML. */
    public String render() {
        List<Segment> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.segments()));
        Ladder ladder = Ladder.of(all, labels);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>")
                .append(escape(title))
                .append("</h1>\n")
                .append("<p class=\"legend\">Time runs down, in seconds since the first frame. ")
                .append("<span class=\"rst-key\">RST</span> · ")
                .append("<span class=\"retransmission-key\">⟲ retransmission</span> · ")
                .append("<span class=\"unanswered-key\">✘ SYN without answer</span> · states inferred from the ")
                .append(
                        sections.stream().anyMatch(s -> !s.snapshot().isEmpty())
                                ? "segments, ✔/✘ where the kernel (ss) confirms or contradicts them.</p>\n"
                                : "segments.</p>\n");
        // One spacing for every section, so that each lane stays where it was in the steps before.
        int gap = gap(ladder, 0, all.size());
        int from = 0;
        for (Section section : sections) {
            int to = from + section.segments().size();
            html.append("<section>\n<h2>").append(escape(section.title())).append("</h2>\n");
            for (String line : section.narration()) {
                html.append("<p>").append(escape(line)).append("</p>\n");
            }
            if (!section.sockets().isEmpty()) {
                html.append("<pre class=\"ss\">ss -tan, the port's sockets after the step:\n");
                section.sockets().forEach(line -> html.append(escape(line)).append('\n'));
                html.append("</pre>\n");
            }
            html.append("<div class=\"step\">\n");
            svg(html, ladder, from, to, gap, checks(all.subList(0, to), section.snapshot()));
            if (!section.observations().isEmpty()) {
                html.append("<ul class=\"observations\">\n");
                for (Observation o : section.observations()) {
                    html.append("<li class=\"")
                            .append(o.verdict() == Observation.Verdict.FAILED ? "failed" : "held")
                            .append("\">")
                            .append(escape(o.toString()))
                            .append("</li>\n");
                }
                html.append("</ul>\n");
            }
            html.append("</div>\n</section>\n");
            from = to;
        }
        plots.forEach(p -> p.appendTo(html));
        return html.append("</body>\n</html>\n").toString();
    }

    private static List<StateCheck> checks(List<Segment> upToSection, List<SocketState> snapshot) {
        return snapshot.isEmpty() ? List.of() : TcpStates.infer(upToSection).check(snapshot);
    }

    private void svg(StringBuilder html, Ladder ladder, int from, int to, int gap, List<StateCheck> checks) {
        List<Endpoint> lanes = ladder.lanes().endpoints();
        List<Segment> segments = ladder.segments();
        StringBuilder body = new StringBuilder();
        int y = HEADER + 10;
        int right = 0;
        for (int i = from; i < to; i++) {
            Segment s = segments.get(i);
            double idle = i > from ? s.time() - segments.get(i - 1).time() : 0;
            if (idle >= TextLadder.IDLE_GAP) {
                body.append(String.format(
                        Locale.ROOT,
                        "<g class=\"idle\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
                                + "height=\"%d\"/><text x=\"%d\" y=\"%d\">%.3f s idle</text></g>\n",
                        TIME_COLUMN - 10,
                        y + 10,
                        gap * Math.max(1, lanes.size() - 1) + 20,
                        IDLE_ROW - 8,
                        TIME_COLUMN,
                        y + 25,
                        idle));
                y += IDLE_ROW;
            }
            y += ROW;
            segment(body, ladder, s, x(ladder, s.source(), gap), x(ladder, s.destination(), gap), y);
            Map<Endpoint, String> states = ladder.stateLabels(i);
            for (Map.Entry<Endpoint, String> state : states.entrySet()) {
                int x = x(ladder, state.getKey(), gap) + 5;
                body.append(String.format(
                        Locale.ROOT,
                        "<text class=\"state\" x=\"%d\" y=\"%d\">%s</text>\n",
                        x,
                        y + STATE_ROW + 2,
                        escape(state.getValue())));
                right = Math.max(right, x + (int) (state.getValue().length() * CHAR_WIDTH));
            }
            if (!states.isEmpty()) {
                y += STATE_ROW;
            }
        }
        for (StateCheck check : checks) {
            int lane = ladder.lanes().indexOf(check.end());
            if (lane < 0) {
                continue;
            }
            y += STATE_ROW + 4;
            String text = check.confirmed()
                    ? "✔ " + check.observed().ssName() + " (ss)"
                    : "✘ ss: " + check.observed().ssName() + ", inferred " + check.inferred();
            if (ladder.lanes().peerCount(check.end()) > 1) {
                text += " (:" + check.peer().port() + ")";
            }
            int x = x(ladder, check.end(), gap) + 5;
            body.append(String.format(
                    Locale.ROOT,
                    "<text class=\"state %s\" x=\"%d\" y=\"%d\">%s</text>\n",
                    check.confirmed() ? "confirmed" : "contradicted",
                    x,
                    y,
                    escape(text)));
            right = Math.max(right, x + (int) (text.length() * CHAR_WIDTH));
        }
        int height = y + 24;
        int width = Math.max(TIME_COLUMN + gap * Math.max(1, lanes.size() - 1) + gap, right + 20);
        html.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
                width,
                height,
                width,
                height));
        html.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        for (Endpoint e : lanes) {
            int x = x(ladder, e, gap);
            html.append(String.format(
                    Locale.ROOT,
                    "<g class=\"lane\"><text class=\"lane-label\" x=\"%d\" y=\"18\">%s"
                            + "</text><text class=\"lane-endpoint\" x=\"%d\" y=\"36\">%s</text><line x1=\"%d\""
                            + " y1=\"%d\" "
                            + "x2=\"%d\" y2=\"%d\"/></g>\n",
                    x,
                    escape(ladder.lanes().label(e)),
                    x,
                    escape(e.toString()),
                    x,
                    HEADER,
                    x,
                    height - 10));
        }
        html.append(body).append("</svg>\n");
    }

    /** The pixels between two lanes: room for each arrow's label over the lanes it spans, and each heading. */
    private int gap(Ladder ladder, int from, int to) {
        double gap = 160;
        for (int i = from; i < to; i++) {
            Segment s = ladder.segments().get(i);
            int span =
                    Math.abs(ladder.lanes().indexOf(s.source()) - ladder.lanes().indexOf(s.destination()));
            gap = Math.max(gap, ((s.label(windows) + mark(s)).length() * CHAR_WIDTH + 40) / Math.max(1, span));
        }
        for (Endpoint e : ladder.lanes().endpoints()) {
            gap = Math.max(
                    gap, Math.max(e.toString().length(), ladder.lanes().label(e).length()) * CHAR_WIDTH + 20);
        }
        return (int) Math.ceil(gap);
    }

    private static String mark(Segment s) {
        return (s.retransmission() ? " ⟲" : "") + (s.unanswered() ? " ✘" : "");
    }

    private void segment(StringBuilder out, Ladder ladder, Segment s, int x1, int x2, int y) {
        StringBuilder classes = new StringBuilder("segment");
        if (s.isRst()) {
            classes.append(" rst");
        }
        if (s.retransmission()) {
            classes.append(" retransmission");
        }
        if (s.unanswered()) {
            classes.append(" unanswered");
        }
        out.append(String.format(
                Locale.ROOT,
                "<g class=\"%s\" data-flags=\"%s\" data-src=\"%s\" data-dst=\"%s\" "
                        + "data-len=\"%d\" data-time=\"%.6f\"><title>%s</title>"
                        + "<text class=\"time\" x=\"8\" y=\"%d\">%.6f</text>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head)\"/>"
                        + "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text></g>\n",
                classes,
                escape(s.flags()),
                escape(s.source().toString()),
                escape(s.destination().toString()),
                s.length(),
                s.time() - ladder.origin(),
                escape(s.text()),
                y - 4,
                s.time() - ladder.origin(),
                x1,
                y - 6,
                x2,
                y + 6,
                (x1 + x2) / 2,
                y - 10,
                escape(s.label(windows) + mark(s))));
    }

    private static int x(Ladder ladder, Endpoint e, int gap) {
        return TIME_COLUMN + 10 + ladder.lanes().indexOf(e) * gap;
    }

    /** Escapes text for HTML and SVG content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < ' ' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
            .legend { color: #555; font-size: 0.9em; }
            .rst-key { color: #c0392b; font-weight: bold; } .retransmission-key { color: #d35400; }
            .unanswered-key { color: #8e44ad; }
            .step { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
            svg { font-family: monospace; font-size: 12px; background: #fff; flex: none; }
            .lane line { stroke: #999; stroke-dasharray: 2 3; }
            .lane-label { font-weight: bold; font-family: sans-serif; }
            .segment line { stroke: #2c3e50; stroke-width: 1.4; }
            .segment text.label { fill: #2c3e50; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
            .segment text.time { fill: #777; }
            marker path { fill: #2c3e50; }
            .segment.rst line { stroke: #c0392b; stroke-width: 2.5; }
            .segment.rst text.label { fill: #c0392b; font-weight: bold; }
            .segment.retransmission line { stroke: #d35400; stroke-dasharray: 6 3; }
            .segment.retransmission text.label { fill: #d35400; }
            .segment.unanswered line { stroke: #8e44ad; stroke-dasharray: 3 3; }
            .segment.unanswered text.label { fill: #8e44ad; }
            .state { fill: #1a7f37; font-weight: bold; font-size: 11px; paint-order: stroke; stroke: #fff;
                stroke-width: 3px; }
            .ss { font-size: 0.85em; background: #f6f8fa; padding: 0.5em; display: inline-block; }
            .state.contradicted { fill: #c0392b; }
            .idle rect { fill: #f4f4f4; } .idle text { fill: #777; font-style: italic; }
            .observations { list-style: none; padding: 0; max-width: 40em; }
            .observations li { margin: 0.4em 0; } .observations .held { color: #1a7f37; }
            .observations .failed { color: #c0392b; font-weight: bold; }
            svg.cwnd text { font-size: 11px; fill: #555; } .axis { stroke: #555; }
            .cwnd-line { fill: none; stroke: #2c3e50; stroke-width: 1.6; } .cwnd-key { color: #2c3e50; }
            .ssthresh-line { fill: none; stroke: #1a7f37; stroke-dasharray: 5 3; } .ssthresh-key { color: #1a7f37; }
            .loss { stroke: #d35400; stroke-width: 1; } .loss-key { color: #d35400; }
            """;
}
