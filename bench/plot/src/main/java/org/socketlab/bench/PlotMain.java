package org.socketlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code java -jar bench-plot.jar RESULTS.csv OUT.png}: draws {@link ScalePlot} from bench/run.sh's results. */
public final class PlotMain {
    private PlotMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java -jar bench-plot.jar RESULTS.csv OUT.png (bench/run.sh calls it)");
            return 2;
        }
        System.setProperty("java.awt.headless", "true"); // drawn into a file: no display needed
        try {
            List<Result> results = ResultsReader.read(Path.of(args[0]));
            ScalePlot.write(results, Path.of(args[1]));
            System.out.println("Plot: " + args[1] + " (" + results.size() + " points)");
            return 0;
        } catch (IOException e) {
            System.err.println("bench-plot: cannot read " + args[0] + " or write " + args[1] + ": " + e
                    + "; run bench/run.sh first, or check the paths");
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("bench-plot: " + e.getMessage() + "; results.csv comes from bench/run.sh");
            return 1;
        }
    }
}
