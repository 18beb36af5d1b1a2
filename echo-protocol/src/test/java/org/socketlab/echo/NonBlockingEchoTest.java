package org.socketlab.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NonBlockingEchoTest {

    /** Drives a session like a selector: read when it wants to read, write when it wants to write. */
    private static void drive(NonBlockingEcho session, ChunkedChannels.Source in, WritableByteChannel out)
            throws IOException {
        while (!session.finished()) {
            if (session.wantsRead()) {
                session.onReadable(in);
            }
            if (session.wantsWrite()) {
                session.onWritable(out);
            }
        }
    }

    @Test
    void everyByteComesBackInOrderWithSplitReadsAndPartialWrites() throws IOException {
        byte[] input = ChunkedChannels.allByteValues(20);
        ChunkedChannels.Sink sink = new ChunkedChannels.Sink(7);
        NonBlockingEcho session = new NonBlockingEcho(100);
        drive(session, new ChunkedChannels.Source(input, 1, 33, 250), sink);
        assertThat(sink.bytes()).isEqualTo(input);
        assertThat(session.bytesEchoed()).isEqualTo(input.length);
    }

    @Test
    void aFullBufferStopsReadingUntilSomethingIsWritten() throws IOException {
        NonBlockingEcho session = new NonBlockingEcho(10);
        ChunkedChannels.Source in = new ChunkedChannels.Source(new byte[50], 50);
        session.onReadable(in);
        assertThat(session.wantsRead()).as("buffer full: back-pressure").isFalse();
        assertThat(session.wantsWrite()).isTrue();
        // A peer that does not read: writes make no progress, and the session still holds only 10 bytes.
        WritableByteChannel stalled = new ChunkedChannels.Sink(0);
        session.onWritable(stalled);
        assertThat(session.wantsRead()).isFalse();
        session.onWritable(new ChunkedChannels.Sink(4));
        assertThat(session.wantsRead()).as("room for 4 bytes again").isTrue();
    }

    @Test
    void eofEndsTheSessionOnlyOnceEverythingIsEchoed() throws IOException {
        NonBlockingEcho session = new NonBlockingEcho(16);
        session.onReadable(new ChunkedChannels.Source("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 3));
        session.onReadable(new ChunkedChannels.Source(new byte[0], 1));
        assertThat(session.finished()).as("3 bytes still pending").isFalse();
        assertThat(session.wantsRead()).as("after EOF").isFalse();
        session.onWritable(new ChunkedChannels.Sink(100));
        assertThat(session.finished()).isTrue();
    }

    @Test
    void aFailureCarriesTheBytesEchoedSoFar() throws IOException {
        NonBlockingEcho session = new NonBlockingEcho(16);
        session.onReadable(new ChunkedChannels.Source(new byte[5], 5));
        session.onWritable(new ChunkedChannels.Sink(100));
        WritableByteChannel reset = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new SocketException("Connection reset by peer");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        session.onReadable(new ChunkedChannels.Source(new byte[5], 5));
        assertThatThrownBy(() -> session.onWritable(reset))
                .isInstanceOfSatisfying(
                        ConnectionFailedException.class,
                        e -> assertThat(e.bytesServed()).isEqualTo(5));
    }
}
