package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimelyOutputTest {

    /** Counts write calls: the point of batching is fewer system calls. */
    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            writes++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            writes++;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void linesArriveInOrderWithoutAFlushAndInFewWrites() {
        CountingStream stream = new CountingStream();
        TimelyOutput out = new TimelyOutput(stream);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            out.line("line " + i);
            expected.append("line ").append(i).append('\n');
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().contentEquals(expected));
        assertThat(stream.writes).as("writes for 1000 lines").isLessThan(100);
    }

    @Test
    void aDeferredLineIsFormattedOffTheCallerAndKeepsItsPlace() {
        CountingStream stream = new CountingStream();
        TimelyOutput out = new TimelyOutput(stream);
        AtomicReference<String> formattedBy = new AtomicReference<>();
        out.line("first");
        out.line(() -> {
            formattedBy.set(Thread.currentThread().getName());
            return "second";
        });
        out.line("third");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().equals("first\nsecond\nthird\n"));
        assertThat(formattedBy.get()).isEqualTo("lab-messages").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aLineThatFailsToFormatCostsOnlyItself() {
        CountingStream stream = new CountingStream();
        TimelyOutput out = new TimelyOutput(stream);
        out.line(() -> {
            throw new IllegalStateException("broken");
        });
        out.line("after");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().endsWith("after\n"));
        assertThat(stream.text())
                .startsWith("(a message could not be formatted: java.lang.IllegalStateException: broken)\n");
        out.line("still written by the flusher");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().endsWith("still written by the flusher\n"));
    }

    @Test
    void moreLinesThanTheQueueHoldsAreWrittenByTheCallerAndNoneIsLost() {
        CountingStream stream = new CountingStream();
        TimelyOutput out = new TimelyOutput(stream);
        int lines = 200_000;
        for (int i = 0; i < lines; i++) {
            int n = i;
            out.line(() -> Integer.toString(n));
        }
        out.flushNow();
        String[] written = stream.text().split("\n");
        assertThat(written).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            if (!written[i].equals(Integer.toString(i))) {
                assertThat(written[i]).as("line %d", i).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Test
    void lineNowWritesEverythingQueuedBeforeReturning() {
        CountingStream stream = new CountingStream();
        TimelyOutput out = new TimelyOutput(stream);
        out.line("first");
        out.lineNow("second");
        assertThat(stream.text()).isEqualTo("first\nsecond\n");
    }

    @Test
    void aClosedStreamDoesNotStopTheCaller() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        TimelyOutput out = new TimelyOutput(closed);
        out.lineNow("nobody reads this");
        out.line("nor this");
        out.flushNow();
    }
}
