package org.socketlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads {@code results.csv} as {@code bench/run.sh} writes it: a header line, then one line per model and count. */
public final class ResultsReader {
    private static final List<String> COLUMNS = List.of(
            "model",
            "connections",
            "baseline",
            "throughput",
            "p50_us",
            "p99_us",
            "baseline_throughput",
            "baseline_p99_us",
            "ratio");

    private ResultsReader() {}

    /**
     * Reads the results; columns are found by their name in the header, so that new columns do not break it.
     *
     * @throws IllegalArgumentException naming the file and line when a column is missing or a value is not a number
     * @throws IOException if the file cannot be read
     */
    public static List<Result> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty, expected a header line: " + String.join(",", COLUMNS));
        }
        List<String> header = Arrays.asList(lines.get(0).strip().split(","));
        int[] at = new int[COLUMNS.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = header.indexOf(COLUMNS.get(i));
            if (at[i] < 0) {
                throw new IllegalArgumentException(csv + ": no column '" + COLUMNS.get(i) + "' in the header");
            }
        }
        List<Result> results = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] f = lines.get(n).strip().split(",", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException(
                        csv + ": line " + (n + 1) + " has " + f.length + " fields, the header " + header.size());
            }
            try {
                results.add(new Result(
                        f[at[0]],
                        Integer.parseInt(f[at[1]]),
                        f[at[2]],
                        Double.parseDouble(f[at[3]]),
                        Double.parseDouble(f[at[4]]),
                        Double.parseDouble(f[at[5]]),
                        Double.parseDouble(f[at[6]]),
                        Double.parseDouble(f[at[7]]),
                        Double.parseDouble(f[at[8]])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ": line " + (n + 1) + ": not a number: " + e.getMessage());
            }
        }
        return results;
    }
}
