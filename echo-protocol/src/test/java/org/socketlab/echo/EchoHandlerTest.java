package org.socketlab.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.SocketException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoHandlerTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 256, 100_000})
    void everyByteIsWrittenBackInOrderHoweverReadsAreSplit(int chunk) throws IOException {
        byte[] input = ChunkedChannels.allByteValues(40);
        ChunkedChannels.Sink sink = new ChunkedChannels.Sink(Integer.MAX_VALUE);
        long echoed = new EchoHandler(1024).serve(new ChunkedChannels.Source(input, chunk), sink);
        assertThat(echoed).isEqualTo(input.length);
        assertThat(sink.bytes()).isEqualTo(input);
    }

    @Test
    void partialWritesAreCompletedBeforeTheNextRead() throws IOException {
        byte[] input = "hello\r\nworld\r\n".getBytes(StandardCharsets.US_ASCII);
        ChunkedChannels.Sink sink = new ChunkedChannels.Sink(2);
        new EchoHandler().serve(new ChunkedChannels.Source(input, 5, 9), sink);
        assertThat(new String(sink.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\r\nworld\r\n");
        assertThat(sink.writes)
                .as("reads of 5 and 9 bytes, written 2 at a time")
                .isEqualTo(3 + 5);
    }

    @Test
    void anImmediateEofEchoesNothing() throws IOException {
        ChunkedChannels.Sink sink = new ChunkedChannels.Sink(1);
        assertThat(new EchoHandler().serve(new ChunkedChannels.Source(new byte[0], 1), sink))
                .isZero();
        assertThat(sink.writes).isZero();
    }

    @Test
    void aFailureMidStreamCarriesTheBytesEchoedSoFar() {
        byte[] input = new byte[300];
        SocketException reset = new SocketException("Connection reset");
        ChunkedChannels.Source source = new ChunkedChannels.Source(input, reset, 100);
        assertThatThrownBy(() -> new EchoHandler().serve(source, new ChunkedChannels.Sink(1000)))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                    assertThat(e.bytesServed()).isEqualTo(300);
                    assertThat(e.getCause()).isSameAs(reset);
                });
    }

    @Test
    void aNonBlockingChannelIsMisuseNotASpin() {
        WritableByteChannel stalled = new ChunkedChannels.Sink(0);
        assertThatThrownBy(() -> new EchoHandler().serve(new ChunkedChannels.Source(new byte[10], 10), stalled))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("blocking");
    }

    /**
     * A 1 GiB "line" without a newline passes through one bounded buffer: the handler allocates nothing per read
     * (the thread's allocation counter stays flat), so memory stays constant however long the stream.
     */
    @Test
    void aGibibyteWithoutNewlinePassesInConstantMemoryAndAllocatesNothingPerRead() throws IOException {
        long total = 1L << 30;
        EchoHandler handler = new EchoHandler();
        ChunkedChannels.CountingSink sink = new ChunkedChannels.CountingSink();
        handler.serve(new ChunkedChannels.Source(new byte[1 << 20], 4096), sink); // warm up
        sink.count = 0;
        ReadableByteChannel source = new ChunkedChannels.Unstored(total);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long echoed = handler.serve(source, sink);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(echoed).isEqualTo(total);
        assertThat(sink.count).isEqualTo(total);
        // 16,384 reads of 64 KiB: a single byte allocated per read would already be 16 KiB.
        assertThat(allocated).isLessThan(4096);
    }

    @Test
    void theBufferSizeMustBePositive() {
        assertThatThrownBy(() -> new EchoHandler(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
