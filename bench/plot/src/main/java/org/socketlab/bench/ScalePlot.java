package org.socketlab.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The chart a student hands in for lab 2's comparison: throughput, p99 round-trip time and the ratio to the baseline
 * measured in the same run, against the number of connections on a log scale, one line per server model, the C
 * baselines dashed in grey, the reference servers (Netty, the models' C twins) dashed in their colour and named
 * "(reference)" in the legend.
 */
public final class ScalePlot {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 1250;
    /** One colour per model, the same in every panel, in the order the models first appear. */
    private static final Color[] PALETTE = {
        new Color(0xd62728),
        new Color(0x1f77b4),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x17becf),
        new Color(0xbcbd22),
        new Color(0x393b79)
    };

    private static final float[][] BASELINE_DASHES = {{6f, 4f}, {2f, 3f}};
    private static final float[] REFERENCE_DASHES = {10f, 5f};

    private ScalePlot() {}

    /** Builds the chart from the results (rows for the same model form one line). */
    public static JFreeChart chart(List<Result> results) {
        CombinedDomainXYPlot plot =
                new CombinedDomainXYPlot(decades("connections (each with one 64-byte message " + "in flight)"));
        NumberAxis throughput = new NumberAxis("round trips per second");
        throughput.setNumberFormatOverride(new DecimalFormat("#,##0"));
        plot.add(subplot(results, throughput, Result::throughput, Result::baselineThroughput, true), 1);
        plot.add(
                subplot(
                        results,
                        decades("p99 round-trip time, µs"),
                        Result::p99Micros,
                        Result::baselineP99Micros,
                        false),
                1);
        // Absolute figures move with the machine between one model's block and the next; the ratio, to a baseline
        // measured alternately in the same block, does not: compare models on this panel.
        NumberAxis ratio = new NumberAxis("ratio to the baseline in the same run");
        ratio.setAutoRangeIncludesZero(true);
        plot.add(subplot(results, ratio, Result::ratio, r -> 1.0, false), 1);
        return new JFreeChart(
                "Echo server models against the C epoll server", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    }

    /** Writes the chart as a WIDTH × HEIGHT PNG. */
    public static void write(List<Result> results, Path png) throws IOException {
        ChartUtils.saveChartAsPNG(png.toFile(), chart(results), WIDTH, HEIGHT);
    }

    /** A log axis ticked at 1, 10, 100, ... */
    private static LogAxis decades(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        return axis;
    }

    /** @param inLegend whether its lines go in the legend (one panel's suffice: both have the same lines) */
    private static XYPlot subplot(
            List<Result> results,
            ValueAxis axis,
            ToDoubleFunction<Result> model,
            ToDoubleFunction<Result> baseline,
            boolean inLegend) {
        Map<String, XYSeries> lines = new LinkedHashMap<>();
        Set<String> references = new HashSet<>();
        for (Result r : results) {
            String name = r.reference() ? r.model() + " (reference)" : r.model();
            if (r.reference()) {
                references.add(name);
            }
            add(lines.computeIfAbsent(name, XYSeries::new), r.connections(), model.applyAsDouble(r));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        lines.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDefaultSeriesVisibleInLegend(inLegend);
        renderer.setAutoPopulateSeriesShape(false); // the same dot in every panel: the colour tells the model
        renderer.setDefaultShape(new Ellipse2D.Double(-3, -3, 6, 6));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            boolean reference = references.contains(data.getSeriesKey(i));
            renderer.setSeriesStroke(i, reference ? dashed(REFERENCE_DASHES) : new BasicStroke(2f));
        }
        // A baseline is measured beside every model; its line is the mean of those measurements at each count.
        Map<String, Map<Integer, double[]>> baselines = new LinkedHashMap<>();
        for (Result r : results) {
            double[] sumAndCount = baselines
                    .computeIfAbsent(r.baseline(), b -> new TreeMap<>())
                    .computeIfAbsent(r.connections(), c -> new double[2]);
            sumAndCount[0] += baseline.applyAsDouble(r);
            sumAndCount[1]++;
        }
        baselines.forEach((name, byCount) -> {
            XYSeries line = new XYSeries(name + " (baseline)");
            byCount.forEach((count, sumAndCount) -> add(line, count, sumAndCount[0] / sumAndCount[1]));
            float[] dashes = BASELINE_DASHES[(data.getSeriesCount() - lines.size()) % BASELINE_DASHES.length];
            renderer.setSeriesStroke(data.getSeriesCount(), dashed(dashes));
            renderer.setSeriesPaint(data.getSeriesCount(), Color.DARK_GRAY);
            data.addSeries(line);
        });
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static BasicStroke dashed(float[] dashes) {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, dashes, 0f);
    }

    /** Adds a point; a log axis cannot show 0 (a count skipped or a model that served nothing). */
    private static void add(XYSeries line, int connections, double value) {
        if (value > 0) {
            line.add(connections, value);
        }
    }
}
