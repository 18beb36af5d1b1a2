package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Say it once, pause, remind at most every 5 s, say once when it has worked again for 5 s: on a clock and a timer
 * that the test drives.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AcceptFailuresTest {
    private static final IOException EMFILE = new IOException("Too many open files");

    private final AtomicLong now = new AtomicLong(1_000);
    /** The timer's tasks, each with the time it is due. */
    private final List<Timed> timer = new ArrayList<>();

    private final List<String> events = new ArrayList<>();
    private final AcceptFailures failures = new AcceptFailures(
            new ServerListener() {
                @Override
                public void acceptFailed(IOException cause, Duration pause) {
                    events.add("failed " + cause.getMessage() + ", pause " + pause.toMillis() + " ms");
                }

                @Override
                public void acceptStillFailing(long count, Duration since) {
                    events.add("still failing " + count + " in " + since.toMillis() + " ms");
                }

                @Override
                public void acceptRecovered(long count, Duration since) {
                    events.add("recovered after " + count + " in " + since.toMillis() + " ms");
                }
            },
            now::get,
            task -> timer.add(new Timed(now.get() + AcceptFailures.STEADY.toNanos(), task)));

    private record Timed(long due, Runnable task) {}

    /** Moves the clock on, running the timer's tasks that fall due on the way, in order. */
    private void advance(Duration by) {
        long until = now.get() + by.toNanos();
        while (true) {
            Timed next = timer.stream()
                    .filter(t -> t.due() <= until)
                    .min(Comparator.comparingLong(Timed::due))
                    .orElse(null);
            if (next == null) {
                break;
            }
            timer.remove(next);
            now.set(next.due());
            next.task().run();
        }
        now.set(until);
    }

    private void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Test
    void theFirstFailureIsReportedOnceAndEveryFailurePausesOneSecond() {
        assertThat(failures.failed(EMFILE)).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        assertThat(failures.failed(EMFILE)).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        failures.failed(EMFILE);
        assertThat(events).containsExactly("failed Too many open files, pause 1000 ms");
    }

    @Test
    void aReminderComesAtMostEveryFiveSecondsWithTheCount() {
        failures.failed(EMFILE);
        for (int second = 1; second <= 12; second++) {
            advance(Duration.ofSeconds(1));
            failures.failed(EMFILE);
        }
        assertThat(events)
                .containsExactly(
                        "failed Too many open files, pause 1000 ms",
                        "still failing 6 in 5000 ms",
                        "still failing 11 in 10000 ms");
    }

    @Test
    void aRecoveryIsReportedOnceAndOnlyAfterFiveSecondsWithoutFailure() {
        failures.succeeded();
        advance(Duration.ofSeconds(10));
        assertThat(events).as("successes without failures").isEmpty();

        failures.failed(EMFILE);
        advance(Duration.ofSeconds(3));
        failures.failed(EMFILE);
        advance(Duration.ofSeconds(1));
        failures.succeeded();
        failures.succeeded();
        advanceMillis(4_999);
        assertThat(events)
                .as("4.999 s after accept() worked again")
                .containsExactly("failed Too many open files, pause 1000 ms");

        advanceMillis(1);
        assertThat(events)
                .as("5 s after accept() worked again")
                .containsExactly("failed Too many open files, pause 1000 ms", "recovered after 2 in 4000 ms");
        failures.succeeded();
        advance(Duration.ofSeconds(10));
        assertThat(events).as("after the recovery").hasSize(2);
    }

    @Test
    void aFlapWithinFiveSecondsGivesNoLineAndItsFailuresCountInTheNextReminder() {
        failures.failed(EMFILE); // t = 0
        advance(Duration.ofSeconds(1));
        failures.failed(EMFILE); // t = 1
        advance(Duration.ofSeconds(1));
        failures.succeeded(); // t = 2: a descriptor freed lets one accept() through
        advanceMillis(2);
        failures.failed(EMFILE); // and the next one fails
        advanceMillis(998);
        failures.failed(EMFILE); // t = 3
        advance(Duration.ofSeconds(1));
        failures.succeeded(); // t = 4: another flap
        advanceMillis(4_000);
        failures.failed(EMFILE); // t = 8, within 5 s of that success
        advance(Duration.ofSeconds(10));
        assertThat(events)
                .as("two flaps folded into one episode")
                .containsExactly("failed Too many open files, pause 1000 ms", "still failing 5 in 8000 ms");
    }

    @Test
    void theEpisodeEndsWithOneLineAfterAFlapAndTheNextEpisodeIsSaidAtOnce() {
        failures.failed(EMFILE); // t = 0
        advance(Duration.ofSeconds(1));
        failures.succeeded(); // t = 1, a flap
        failures.failed(EMFILE);
        advance(Duration.ofSeconds(1));
        failures.succeeded(); // t = 2, the crowd has left
        failures.succeeded();
        advance(Duration.ofSeconds(5));
        assertThat(events).containsExactly("failed Too many open files, pause 1000 ms", "recovered after 2 in 2000 ms");

        failures.failed(EMFILE);
        assertThat(events)
                .as("a failure after the recovery line")
                .last()
                .isEqualTo("failed Too many open files, pause 1000 ms");
        assertThat(events).hasSize(3);
    }

    @Test
    void afterCloseARecoveryCheckAlreadyPendingAndLaterFailuresSayNothing() {
        failures.failed(EMFILE); // t = 0
        advance(Duration.ofSeconds(1));
        failures.succeeded(); // t = 1: the recovery check is now pending on the timer, due at t = 6
        advance(Duration.ofSeconds(2));
        assertThat(timer).as("recovery checks pending at close").hasSize(1);

        failures.close(); // t = 3: the server closes, "Server stopped" is its last line
        advance(Duration.ofSeconds(10));
        failures.failed(EMFILE);
        failures.succeeded();
        failures.close();
        advance(Duration.ofSeconds(10));
        assertThat(events)
                .as("lines after close, the check due 3 s later included")
                .containsExactly("failed Too many open files, pause 1000 ms");
        assertThat(timer).as("recovery checks pending after close").isEmpty();
    }
}
