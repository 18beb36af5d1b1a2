package org.socketlab.lab.grading;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.socketlab.lab.fixture.Requirements;

/**
 * {@code lab check --submissions DIR --report OUT}: each folder of DIR is a student's {@code psockets1}, built with
 * make and checked by a {@code lab check} of its own, both in the student's {@link Sandbox}; then OUT has
 * {@code results.csv}, {@code index.html} and a folder per student. Students are checked in parallel: each box has
 * its own network, so ports and captures never meet.
 */
public final class ClassCheck {
    /** The programs a submission's Makefile builds; the client is optional. */
    public static final String SERVER = "EchoServer_seq";

    public static final String CLIENT = "EchoClient";

    private final Path submissions;
    private final Path out;
    private final List<String> check;
    private final Sandbox.Limits limits;
    private final int parallel;

    /**
     * @param submissions one folder per student
     * @param out where the report goes
     * @param check the command line of one student's {@code lab check}, to which the servers and the report are added
     */
    public ClassCheck(Path submissions, Path out, List<String> check) {
        this(
                submissions,
                out,
                check,
                Sandbox.Limits.DEFAULT,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    ClassCheck(Path submissions, Path out, List<String> check, Sandbox.Limits limits, int parallel) {
        this.submissions = submissions;
        this.out = out;
        this.check = List.copyOf(check);
        this.limits = limits;
        this.parallel = parallel;
    }

    /**
     * Checks every student, writes the report and prints one line per student.
     *
     * @return 0 when every student's every observation held, 1 otherwise, 2 when the class could not be checked
     * @throws IllegalStateException if not root, or a tool of the sandbox is missing
     * @throws IOException if the report cannot be written
     */
    public int run(PrintStream progress) throws IOException {
        requireBox();
        List<Path> students;
        try (Stream<Path> dirs = Files.list(submissions)) {
            students = dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list --submissions " + submissions + ": " + e.getMessage(), e);
        }
        if (students.isEmpty()) {
            throw new IllegalArgumentException(submissions + " holds no folder: one folder per student, each with a "
                    + "Makefile that builds " + SERVER);
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("socketlab-class-");
        long start = System.nanoTime();
        progress.println("Checking " + students.size() + " students of " + submissions + ", " + parallel
                + " at a time, each in a box (its own user, network and pid namespaces, limits)");
        List<StudentRow> rows = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "student-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<StudentRow>> futures = new ArrayList<>();
            for (int i = 0; i < students.size(); i++) {
                Path student = students.get(i);
                Sandbox box = Sandbox.forStudent(i, limits);
                futures.add(pool.submit(() -> new StudentCheck(student, out, work, box, check).run()));
            }
            for (Future<StudentRow> future : futures) {
                StudentRow row = future.get();
                rows.add(row);
                progress.printf(
                        "  [%d/%d] %-20s build %-6s %s%s%n",
                        done.incrementAndGet(),
                        students.size(),
                        row.student(),
                        row.build(),
                        String.join(" ", row.cells()),
                        row.notes().isEmpty() ? "" : "  (" + String.join("; ", row.notes()) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the class", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "a student's check could not run: " + e.getCause().getMessage(), e);
        } finally {
            pool.shutdownNow();
            deleteQuietly(work);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<StudentRow> sorted = rows.stream()
                .sorted((a, b) -> a.student().compareTo(b.student()))
                .toList();
        ClassReport.write(out, sorted, took);
        progress.printf(
                "lab: checked %d students in %.0f s; wrote %s and %s%n",
                sorted.size(), took.toMillis() / 1000.0, out.resolve("results.csv"), out.resolve("index.html"));
        return sorted.stream().allMatch(StudentRow::allHeld) ? 0 : 1;
    }

    private static void requireBox() {
        if (!Requirements.isRoot()) {
            throw new IllegalStateException("checking a class needs root: each submission runs as a user of its "
                    + "own in namespaces of its own (run with sudo)");
        }
        for (String tool : List.of("unshare", "setpriv", "prlimit", "timeout", "make", "ip")) {
            if (!Requirements.onPath(tool)) {
                throw new IllegalStateException(tool + " is not installed: the class check needs util-linux, "
                        + "coreutils, make and iproute2");
            }
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Collections.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the system's tmp cleaner
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left for the system's tmp cleaner
        }
    }

    /** Waits for a process with a bound; false if it had to be killed. */
    static boolean waitFor(Process process, Duration bound) throws InterruptedException {
        if (process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return false;
    }
}
