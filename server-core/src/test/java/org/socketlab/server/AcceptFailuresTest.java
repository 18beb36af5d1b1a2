package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Say it once, pause, remind at most every 5 s, say once when it works again: on a clock the test drives. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AcceptFailuresTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> events = new ArrayList<>();
    private final AcceptFailures failures = new AcceptFailures(
            new ServerListener() {
                @Override
                public void acceptFailed(IOException cause, Duration pause) {
                    events.add("failed " + cause.getMessage() + ", pause " + pause.toMillis() + " ms");
                }

                @Override
                public void acceptStillFailing(long count, Duration since) {
                    events.add("still failing " + count + " in " + since.toSeconds() + " s");
                }

                @Override
                public void acceptRecovered(long count, Duration since) {
                    events.add("recovered after " + count + " in " + since.toSeconds() + " s");
                }
            },
            now::get);

    private static final IOException EMFILE = new IOException("Too many open files");

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
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
                        "still failing 6 in 5 s",
                        "still failing 11 in 10 s");
    }

    @Test
    void theRecoveryIsReportedOnceAndOnlyAfterFailures() {
        failures.succeeded();
        assertThat(events).isEmpty();
        failures.failed(EMFILE);
        advance(Duration.ofSeconds(3));
        failures.failed(EMFILE);
        advance(Duration.ofSeconds(1));
        failures.succeeded();
        failures.succeeded();
        assertThat(events).containsExactly("failed Too many open files, pause 1000 ms", "recovered after 2 in 4 s");
        failures.failed(EMFILE);
        assertThat(events).last().isEqualTo("failed Too many open files, pause 1000 ms");
    }
}
