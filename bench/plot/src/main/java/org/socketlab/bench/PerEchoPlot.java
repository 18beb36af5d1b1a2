package org.socketlab.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plot of {@code bench/per-echo.sh}: the server's CPU time per echo (top) and system calls per echo (bottom)
 * against the connections watched, one line per model. {@code PerEchoPlot CSV PNG}.
 */
public final class PerEchoPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;

    private static final Color[] PALETTE = {
        new Color(0x1b9e77),
        new Color(0xd95f02),
        new Color(0x7570b3),
        new Color(0xe7298a),
        new Color(0x66a61e),
        new Color(0xe6ab02),
        new Color(0xa6761d),
        new Color(0x666666)
    };

    private PerEchoPlot() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PerEchoPlot per-echo.csv per-echo.png");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Map<String, XYSeries> cpu = new TreeMap<>();
        Map<String, XYSeries> calls = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double connections = Double.parseDouble(f[1]);
            cpu.computeIfAbsent(f[0], XYSeries::new).add(connections, Double.parseDouble(f[2]));
            calls.computeIfAbsent(f[0], XYSeries::new).add(connections, Double.parseDouble(f[4]));
        }
        LogAxis connections = new LogAxis("connections watched (one active)");
        connections.setBase(10);
        connections.setTickUnit(new NumberTickUnit(1)); // one tick per decade: 1, 10, 100, 1,000
        connections.setNumberFormatOverride(new DecimalFormat("#,##0"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(connections);
        XYPlot top = panel(cpu, "server CPU µs per echo");
        plot.add(top, 2);
        plot.add(panel(calls, "system calls per echo"), 1);
        plot.setFixedLegendItems(top.getLegendItems()); // one legend: the panels share their colours
        JFreeChart chart = new JFreeChart("The cost of one echo as the watched set grows", plot);
        ChartUtils.saveChartAsPNG(Path.of(args[1]).toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYPlot panel(Map<String, XYSeries> series, String label) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]); // the same model, the same colour in each panel
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return new XYPlot(data, null, new NumberAxis(label), renderer);
    }
}
