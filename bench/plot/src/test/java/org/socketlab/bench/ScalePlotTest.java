package org.socketlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScalePlotTest {
    private static final List<Result> RESULTS = List.of(
            new Result("select", 1, "C-epoll", 46000, 16, 45, 56000, 30, 0.82),
            new Result("select", 100, "C-epoll", 80000, 1100, 2000, 90000, 1800, 0.89),
            new Result("thread", 1, "C-epoll", 44000, 17, 50, 58000, 31, 0.76),
            new Result("thread", 100, "C-epoll", 50000, 1900, 5000, 88000, 1900, 0.57),
            new Result("c-thread", 1, "C-epoll", 45000, 17, 48, 57000, 30, 0.79),
            new Result("c-thread", 100, "C-epoll", 55000, 1800, 4000, 90000, 1800, 0.61));

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void oneLinePerModelAndOneForTheBaselineInEachPanel() {
        CombinedDomainXYPlot plot =
                (CombinedDomainXYPlot) ScalePlot.chart(RESULTS).getPlot();
        assertThat(plot.getSubplots()).as("throughput, p99, ratio").hasSize(3);
        for (XYPlot xy : plot.getSubplots()) {
            assertThat(xy.getDataset().getSeriesCount())
                    .as("lines: select, thread, c-thread, C-epoll")
                    .isEqualTo(4);
            assertThat(String.valueOf(xy.getDataset().getSeriesKey(3))).isEqualTo("C-epoll (baseline)");
            assertThat(xy.getDataset().getItemCount(0)).as("points of select").isEqualTo(2);
        }
        XYPlot throughput = plot.getSubplots().get(0);
        assertThat(throughput.getDataset().getYValue(3, 1))
                .as("baseline at 100: mean of 90000, 88000 and 90000")
                .isEqualTo(89333.33, within(0.01));
        XYPlot ratio = plot.getSubplots().get(2);
        assertThat(ratio.getDataset().getYValue(0, 1))
                .as("select's ratio at 100")
                .isEqualTo(0.89);
        assertThat(ratio.getDataset().getYValue(3, 1))
                .as("the baseline's ratio to itself")
                .isEqualTo(1.0);
    }

    @Test
    void aReferenceServerIsDashedInItsColourAndNamedSoInTheLegend() {
        XYPlot throughput = ((CombinedDomainXYPlot) ScalePlot.chart(RESULTS).getPlot())
                .getSubplots()
                .get(0);
        assertThat(String.valueOf(throughput.getDataset().getSeriesKey(2))).isEqualTo("c-thread (reference)");
        XYItemRenderer renderer = throughput.getRenderer();
        assertThat(((BasicStroke) renderer.getSeriesStroke(2)).getDashArray())
                .as("the reference's line: dashed")
                .isNotNull();
        assertThat(((BasicStroke) renderer.getSeriesStroke(1)).getDashArray())
                .as("the thread model's line: solid")
                .isNull();
        assertThat(renderer.getSeriesPaint(2))
                .as("a colour of its own, not the baselines' grey")
                .isNotEqualTo(renderer.getSeriesPaint(3))
                .isNotEqualTo(renderer.getSeriesPaint(1));
    }

    @Test
    void theMainWritesAPngOfTheChartsSize() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("results.csv"),
                ResultsReaderTest.HEADER + "\n"
                        + "select,1,C-epoll,46007.5,16.18,45.695,56401,15.75,29.955,0.816,1.01,0.71\n"
                        + "select,1000,C-epoll,76007.5,9000,12000,86401,7000,10000,0.880,1.01,0.71\n");
        Path png = dir.resolve("scale.png");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = PlotMain.run(new String[] {csv.toString(), png.toString()});
        } finally {
            System.setOut(out);
        }
        assertThat(status).as("exit status").isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Plot: " + png + " (2 points)");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG ImageIO can read").isNotNull();
        assertThat(image.getWidth()).as("width").isEqualTo(ScalePlot.WIDTH);
        assertThat(image.getHeight()).as("height").isEqualTo(ScalePlot.HEIGHT);
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 5) {
            for (int y = 0; y < image.getHeight(); y += 5) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size())
                .as("distinct colours: lines, text and grid drawn, not a blank image")
                .isGreaterThan(10);
    }

    @Test
    void aMissingResultsFileIsOneLineAndStatusOne() {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = PlotMain.run(new String[] {
                dir.resolve("none.csv").toString(), dir.resolve("x.png").toString()
            });
        } finally {
            System.setErr(err);
        }
        assertThat(status).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8).strip())
                .startsWith("bench-plot: cannot read ")
                .endsWith("run bench/run.sh first, or check the paths")
                .doesNotContain("\n");
    }
}
