package org.socketlab.lab.draw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * cwnd and ssthresh over time, as sampled from TCP_INFO into CSV lines {@code seconds,cwnd,ssthresh,retransmits}
 * ({@code lab run congestion --cwnd FILE}), drawn as an SVG plot for {@link HtmlPage}: cwnd as a line, ssthresh
 * dashed once it is finite, a mark where the retransmissions counter grows (a loss).
 *
 * @param title the plot's heading
 * @param samples the samples, in time order
 */
public record CwndPlot(String title, List<Sample> samples) {
    /** TCP_INFO's ssthresh before the first loss: "infinite". */
    public static final long INFINITE_SSTHRESH = Integer.MAX_VALUE;

    private static final int WIDTH = 720;
    private static final int HEIGHT = 300;
    private static final int LEFT = 60;
    private static final int BOTTOM = 40;

    public CwndPlot {
        samples = List.copyOf(samples);
    }

    /**
     * One sample: seconds since connect, cwnd and ssthresh in segments, retransmissions so far.
     *
     * @param seconds seconds since connect
     * @param cwnd the congestion window, in segments
     * @param ssthresh the slow-start threshold, {@link #INFINITE_SSTHRESH} before the first loss
     * @param retransmits the connection's retransmissions so far
     */
    public record Sample(double seconds, long cwnd, long ssthresh, long retransmits) {}

    /**
     * Parses the CSV lines; a header line (one that starts with a letter) and blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the first line that is not four numbers
     */
    public static CwndPlot parse(String title, List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || Character.isLetter(text.charAt(0))) {
                continue;
            }
            String[] f = text.split(",");
            try {
                samples.add(new Sample(
                        Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(
                        "line " + number + " is not seconds,cwnd,ssthresh,retransmits: " + text);
            }
        }
        return new CwndPlot(title, samples);
    }

    /** Appends the plot as a section of SVG. */
    void appendTo(StringBuilder html) {
        html.append("<section>\n<h2>").append(HtmlPage.escape(title)).append("</h2>\n");
        if (samples.isEmpty()) {
            html.append("<p>No sample.</p>\n</section>\n");
            return;
        }
        double t0 = samples.get(0).seconds();
        double span = Math.max(1e-3, samples.get(samples.size() - 1).seconds() - t0);
        long top = 10;
        for (Sample s : samples) {
            top = Math.max(top, s.cwnd());
            if (s.ssthresh() < INFINITE_SSTHRESH) {
                top = Math.max(top, s.ssthresh());
            }
        }
        double yScale = (HEIGHT - BOTTOM - 20) / (double) top;
        double xScale = (WIDTH - LEFT - 20) / span;
        html.append(String.format(
                Locale.ROOT,
                "<svg class=\"cwnd\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        int baseline = HEIGHT - BOTTOM;
        html.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                        + "<line class=\"axis\" x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%d\"/>\n",
                LEFT,
                baseline,
                WIDTH - 10,
                baseline,
                LEFT,
                LEFT,
                baseline));
        html.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"28\">%d</text>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3f s</text>"
                        + "<text x=\"8\" y=\"14\">segments</text>\n",
                LEFT - 20,
                baseline,
                LEFT - 40,
                top,
                WIDTH - 10,
                baseline + 20,
                span));
        StringBuilder cwnd = new StringBuilder();
        StringBuilder ssthresh = new StringBuilder();
        long retransmits = samples.get(0).retransmits();
        for (Sample s : samples) {
            double x = LEFT + (s.seconds() - t0) * xScale;
            cwnd.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, baseline - s.cwnd() * yScale));
            if (s.ssthresh() < INFINITE_SSTHRESH) {
                ssthresh.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, baseline - s.ssthresh() * yScale));
            }
            if (s.retransmits() > retransmits) {
                html.append(String.format(
                        Locale.ROOT,
                        "<line class=\"loss\" x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\"><title>retransmission at "
                                + "%.4f s</title></line>\n",
                        x,
                        x,
                        baseline,
                        s.seconds()));
                retransmits = s.retransmits();
            }
        }
        html.append("<polyline class=\"cwnd-line\" points=\"")
                .append(cwnd.toString().strip())
                .append("\"/>\n");
        if (!ssthresh.isEmpty()) {
            html.append("<polyline class=\"ssthresh-line\" points=\"")
                    .append(ssthresh.toString().strip())
                    .append("\"/>\n");
        }
        html.append("</svg>\n<p class=\"legend\"><span class=\"cwnd-key\">— cwnd</span> · "
                        + "<span class=\"ssthresh-key\">- - ssthresh</span> (from the first loss) · "
                        + "<span class=\"loss-key\">| a retransmission</span>; ")
                .append(samples.size())
                .append(" samples of TCP_INFO.</p>\n</section>\n");
    }
}
