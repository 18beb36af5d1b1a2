package org.socketlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
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
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(connections);
        plot.add(panel(cpu, "server CPU µs per echo"), 2);
        plot.add(panel(calls, "system calls per echo"), 1);
        JFreeChart chart = new JFreeChart("The cost of one echo as the watched set grows", plot);
        ChartUtils.saveChartAsPNG(Path.of(args[1]).toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYPlot panel(Map<String, XYSeries> series, String label) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        return new XYPlot(data, null, new NumberAxis(label), new XYLineAndShapeRenderer(true, true));
    }
}
