package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.socketlab.lab.activity.Activity;
import org.socketlab.lab.activity.ActivityResult;
import org.socketlab.lab.activity.RunSettings;
import org.socketlab.lab.activity.StepReport;
import org.socketlab.lab.activity.TestedServer;
import org.socketlab.lab.cheatsheet.CheatSheet;
import org.socketlab.lab.draw.SocketLine;
import org.socketlab.lab.fixture.Frame;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExtension;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * The cheat sheet's mechanisms, each run once as {@code lab run NAME} runs it, all at the same time (they share no
 * port and no namespace), and each judged on the raw capture and the kernel's view, never on the narration:
 * the zero window and its probes, the RTO's back-off, the keep-alive probes, TIME_WAIT's timer, cwnd and a fast
 * retransmit, the MSS from the MTU. Congestion runs through {@code java -jar lab.jar run congestion --capture FILE
 * --cwnd FILE}, and {@code lab draw} reads both files back.
 */
@ExtendWith(LabExtension.class) // skipped, not failed, where the machine lacks what it needs
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CheatSheetIT {
    private static final Map<String, CompletableFuture<ActivityResult>> RUNS = new LinkedHashMap<>();
    private static final List<Lab> LABS = new ArrayList<>();
    private static final Pattern TIMER = Pattern.compile("timer:\\(timewait,(\\d+)(sec|ms)");

    @TempDir
    static Path dir;

    private static CompletableFuture<String> timeWaitTimer;
    private static CompletableFuture<Integer> congestionRun;
    private static LabProcess congestion;

    @BeforeAll
    static void runEveryMechanismAtOnce() {
        Requirements.packetCapture();
        Requirements.networkNamespaces();
        Requirements.tools("nft", "tc", "ss");
        for (Activity activity : CheatSheet.all()) {
            if (activity.name().equals("congestion")) {
                continue;
            }
            Lab lab = new Lab();
            LABS.add(lab);
            RunSettings settings = new RunSettings(TestedServer.ours(List.of()), true, activity.wantsTwoHosts());
            RUNS.put(activity.name(), CompletableFuture.supplyAsync(() -> activity.run(lab, settings, step -> {})));
        }
        // Read at once: TIME_WAIT lasts 60 s, longer than the other runs but not forever.
        timeWaitTimer = RUNS.get("timewait")
                .thenApply(r -> ss("state", "time-wait", "( sport = :" + port(r, "client A") + " )"));
        Lab lab = new Lab();
        LABS.add(lab);
        String jar = System.getProperty("lab.jar", "../lab/target/lab.jar");
        congestion = lab.start(
                "lab run congestion",
                lab.javaCommand(
                        List.of(),
                        jar,
                        "run",
                        "congestion",
                        "--capture",
                        dir.resolve("congestion.txt").toString(),
                        "--cwnd",
                        dir.resolve("cwnd.csv").toString()));
        congestionRun = CompletableFuture.supplyAsync(() -> congestion.awaitExit(Duration.ofSeconds(150)));
    }

    @AfterAll
    static void closeLabs() {
        LABS.forEach(Lab::close);
    }

    @Test
    void window_win0ThenProbesWithGrowingGapsThenTheData() {
        ActivityResult result = result("window");
        int receiver = port(result, "receiver");
        int sender = port(result, "sender");
        List<Frame> frames = frames(result);
        Frame closed =
                first(frames, f -> f.between(receiver, sender) && f.window().orElse(-1) == 0, "win 0");
        Frame update = first(
                frames,
                f -> f.between(receiver, sender)
                        && f.time() > closed.time()
                        && f.window().orElse(0) > 0,
                "the window update");
        List<Double> probes = frames.stream()
                .filter(f -> f.between(sender, receiver) && f.isPureAck())
                .filter(f -> f.time() > closed.time() && f.time() < update.time())
                .map(Frame::time)
                .toList();
        assertThat(probes).as("zero-window probes between win 0 and the update").hasSizeGreaterThanOrEqualTo(2);
        List<Double> gaps = gaps(probes);
        for (int i = 1; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("probe gaps %s", gaps).isGreaterThan(gaps.get(i - 1));
        }
        assertThat(frames)
                .as("data after the window update")
                .anyMatch(f -> f.between(sender, receiver) && f.length() > 0 && f.time() > update.time());
    }

    @Test
    void retransmit_fourRetransmissionsBackingOffAndTheUserTimeoutGivesUp() {
        ActivityResult result = result("retransmit");
        int server = port(result, "server");
        int a = port(result, "client A");
        Map<Long, List<Double>> sent = frames(result).stream()
                .filter(f -> f.between(a, server) && f.length() > 0)
                .collect(Collectors.groupingBy(
                        f -> f.seq().orElseThrow(), Collectors.mapping(Frame::time, Collectors.toList())));
        List<Double> mostSent =
                sent.values().stream().max((x, y) -> x.size() - y.size()).orElseThrow();
        assertThat(mostSent).as("transmissions of one sequence number").hasSizeGreaterThanOrEqualTo(5);
        List<Double> gaps = gaps(mostSent.subList(0, 5));
        for (int i = 1; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("waits %s", gaps).isGreaterThanOrEqualTo(1.5 * gaps.get(i - 1));
        }
        assertThat(sockets(result, 2))
                .as("after TCP_USER_TIMEOUT, client B's end is gone from the kernel")
                .noneMatch(s -> s.owner().startsWith("client B"));
    }

    @Test
    void keepalive_probesAtTheConfiguredIntervalThenAReset() {
        ActivityResult result = result("keepalive");
        int server = port(result, "server");
        int a = port(result, "client A");
        List<Frame> frames = frames(result);
        double lastData = frames.stream()
                .filter(f -> f.length() > 0)
                .mapToDouble(Frame::time)
                .max()
                .orElseThrow();
        Frame reset = first(frames, f -> f.between(a, server) && f.isRst(), "A's RST");
        List<Double> probes = frames.stream()
                .filter(f -> f.between(a, server) && f.isPureAck() && f.time() > lastData + 0.5)
                .map(Frame::time)
                .toList();
        assertThat(probes).as("keep-alive probes").hasSizeGreaterThanOrEqualTo(4);
        // TCP_KEEPINTVL=1: each probe a second after the one before (the first waits for TCP_KEEPIDLE=1 of idleness).
        assertThat(gaps(probes)).allSatisfy(g -> assertThat(g).isBetween(0.8, 1.6));
        assertThat(reset.time() - probes.get(probes.size() - 1)).isBetween(0.8, 1.6);
        assertThat(sockets(result, 3))
                .as("A's end after the reset")
                .noneMatch(s -> s.owner().startsWith("client A"));
    }

    @Test
    void timewait_theActiveCloserHoldsTimeWaitWithATimerBelow60Seconds() throws Exception {
        ActivityResult result = result("timewait");
        assertThat(sockets(result, 2))
                .as("ss after client A closed first")
                .anyMatch(s -> s.state().equals("TIME-WAIT") && s.owner().equals("client A's end"))
                .noneMatch(s -> s.owner().equals("server's end"));
        Matcher timer = TIMER.matcher(timeWaitTimer.get(10, TimeUnit.SECONDS));
        assertThat(timer.find()).as("ss -o shows the timewait timer").isTrue();
        double seconds = Double.parseDouble(timer.group(1)) / (timer.group(2).equals("ms") ? 1000 : 1);
        assertThat(seconds).isGreaterThan(0).isLessThanOrEqualTo(60);
        assertThat(sockets(result, 4))
                .as("ss after the server closed first")
                .anyMatch(s -> s.state().equals("TIME-WAIT") && s.owner().equals("server's end"));
    }

    @Test
    void mss_theMtuLessFortyInTheSynAndTwelveLessOfDataASegment() {
        ActivityResult result = result("mss");
        int server = port(result, "server");
        int a = port(result, "client A");
        int b = port(result, "client B");
        List<Frame> frames = frames(result);
        assertThat(first(frames, f -> f.between(a, server) && f.isSyn(), "A's SYN")
                        .mss())
                .hasValue(960);
        assertThat(frames.stream()
                        .filter(f -> f.between(a, server))
                        .mapToInt(Frame::length)
                        .max())
                .hasValue(948);
        assertThat(first(frames, f -> f.between(b, server) && f.isSyn(), "B's SYN")
                        .mss())
                .hasValue(500);
        assertThat(frames.stream()
                        .filter(f -> f.between(b, server))
                        .mapToInt(Frame::length)
                        .max())
                .hasValue(488);
    }

    @Test
    void congestion_cwndGrowsThenFallsAtTheLossAndThreeDuplicateAcksBringAFastRetransmit() throws Exception {
        assertThat(congestionRun.get(160, TimeUnit.SECONDS))
                .as("lab run congestion's exit status")
                .isZero();
        List<String[]> samples = Files.readAllLines(dir.resolve("cwnd.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .toList();
        List<Long> before = samples.stream()
                .filter(s -> s[3].equals("0"))
                .map(s -> Long.parseLong(s[1]))
                .toList();
        List<Long> after = samples.stream()
                .filter(s -> !s[3].equals("0"))
                .map(s -> Long.parseLong(s[1]))
                .toList();
        assertThat(before).as("cwnd before the loss").isNotEmpty();
        long peak = before.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(peak)
                .as("cwnd's peak before the loss, above the initial %s", before.get(0))
                .isGreaterThan(before.get(0));
        assertThat(after).as("cwnd after the loss").isNotEmpty().anyMatch(c -> c < peak);

        List<Frame> frames = Frame.parse(Files.readAllLines(dir.resolve("congestion.txt")));
        Frame syn = first(frames, Frame::isSyn, "the sender's SYN");
        int sender = syn.sourcePort();
        int receiver = syn.destinationPort();
        List<Frame> data = frames.stream()
                .filter(f -> f.between(sender, receiver) && f.length() > 0)
                .toList();
        Frame resent = null;
        for (int i = 0; i < data.size() && resent == null; i++) {
            long seq = data.get(i).seq().orElseThrow();
            if (data.subList(0, i).stream().anyMatch(f -> f.seq().orElseThrow() == seq)) {
                resent = data.get(i);
            }
        }
        assertThat(resent).as("a data segment sent twice").isNotNull();
        long hole = resent.seq().orElseThrow();
        double at = resent.time();
        List<Frame> acks = frames.stream()
                .filter(f -> f.between(receiver, sender)
                        && f.length() == 0
                        && f.ack().orElse(-1) == hole)
                .filter(f -> f.time() <= at)
                .toList();
        assertThat(acks)
                .as("the ACK of %d and its duplicates before the retransmission", hole)
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(at - acks.get(3).time())
                .as("seconds from the third duplicate ACK to the retransmission")
                .isBetween(0.0, 0.2);
    }

    @Test
    void labDrawReadsBackTheCaptureAndTheCwndFile() throws Exception {
        assertThat(congestionRun.get(160, TimeUnit.SECONDS))
                .as("lab run congestion: %s", failed(congestion))
                .isZero();
        Lab lab = new Lab();
        LABS.add(lab);
        Path page = dir.resolve("congestion.html");
        LabProcess draw = lab.start(
                "lab draw",
                lab.javaCommand(
                        List.of(),
                        System.getProperty("lab.jar", "../lab/target/lab.jar"),
                        "draw",
                        dir.resolve("congestion.txt").toString(),
                        "--cwnd",
                        dir.resolve("cwnd.csv").toString(),
                        "--html",
                        page.toString()));
        assertThat(draw.awaitExit(Duration.ofSeconds(60)))
                .as("stderr %s", draw.stderrLines())
                .isZero();
        long samples = Files.readAllLines(dir.resolve("cwnd.csv")).size() - 1L;
        assertThat(draw.stderrLines()).anyMatch(l -> l.startsWith("lab draw: " + samples + " cwnd samples"));
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("class=\"cwnd-line\"").contains("class=\"ssthresh-line\"");
        long segments =
                Pattern.compile("class=\"segment").matcher(html).results().count();
        assertThat(segments)
                .isEqualTo(Files.readAllLines(dir.resolve("congestion.txt")).size());
    }

    private static ActivityResult result(String name) {
        ActivityResult result = RUNS.get(name).join();
        assertThat(result.skipped()).as("%s skipped", name).isEmpty();
        // The observations are not what is asserted here, but when the wire disagrees they say which step went wrong.
        assertThat(result.failures())
                .as("%s's observations that did not hold", name)
                .isEmpty();
        return result;
    }

    /** The lines of {@code lab run} that say what did not hold (✘), and its stderr. */
    private static String failed(LabProcess run) {
        return run.stdoutLines().stream().filter(l -> l.contains("✘")).collect(Collectors.joining("; "))
                + run.stderrLines();
    }

    private static List<Frame> frames(ActivityResult result) {
        return Frame.parse(result.frames());
    }

    /** The port the run named {@code name}: "server", "client A", "sender". */
    private static int port(ActivityResult result, String name) {
        return result.steps().stream()
                .flatMap(s -> s.names().entrySet().stream())
                .filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no port named " + name));
    }

    /** The kernel's view ({@code ss -tan}) after step {@code number}. */
    private static List<SocketLine> sockets(ActivityResult result, int number) {
        StepReport step = result.steps().get(number - 1);
        return step.sockets();
    }

    private static Frame first(List<Frame> frames, Predicate<Frame> which, String what) {
        return frames.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("no " + what));
    }

    private static List<Double> gaps(List<Double> times) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }

    private static String ss(String... filter) {
        List<String> command = new ArrayList<>(List.of("ss", "-Htano"));
        command.addAll(List.of(filter));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
