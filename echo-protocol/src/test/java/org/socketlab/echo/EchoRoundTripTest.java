package org.socketlab.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoRoundTripTest {

    @Test
    void readsBackExactlyAsManyBytesAsWereSentHoweverTheEchoIsSplit() throws IOException {
        byte[] all = ChunkedChannels.allByteValues(2);
        ChunkedChannels.Sink sent = new ChunkedChannels.Sink(100);
        // The "server" returns the echo of the first 512 bytes and more after it, split into odd reads.
        byte[] stream = new byte[all.length + 3];
        System.arraycopy(all, 0, stream, 0, all.length);
        EchoRoundTrip exchange = new EchoRoundTrip(new ChunkedChannels.Source(stream, 1, 13, 200), sent, 64);
        ByteBuffer echo = exchange.exchange(ByteBuffer.wrap(all));
        byte[] got = new byte[echo.remaining()];
        echo.get(got);
        assertThat(got).isEqualTo(all);
        assertThat(sent.bytes()).isEqualTo(all);
    }

    @Test
    void eofInTheMiddleOfAnEchoIsReportedNotSpunOn() {
        byte[] line = "0123456789\n".getBytes(StandardCharsets.US_ASCII);
        EchoRoundTrip exchange = new EchoRoundTrip(
                new ChunkedChannels.Source("01234".getBytes(StandardCharsets.US_ASCII), 2),
                new ChunkedChannels.Sink(1000),
                64);
        assertThatThrownBy(() -> exchange.exchange(ByteBuffer.wrap(line)))
                .isInstanceOfSatisfying(EchoClosedException.class, e -> {
                    assertThat(e.expected()).isEqualTo(11);
                    assertThat(e.received()).isEqualTo(5);
                })
                .hasMessage("the server closed the connection after echoing 5 of 11 bytes");
    }

    @Test
    void anEmptyPieceNeedsNoRead() throws IOException {
        ReadableByteChannel in = mock(ReadableByteChannel.class);
        EchoRoundTrip exchange = new EchoRoundTrip(in, new ChunkedChannels.Sink(1), 8);
        assertThat(exchange.exchange(ByteBuffer.allocate(0)).remaining()).isZero();
        verify(in, never()).read(any());
    }

    @Test
    void anEchoThatDiffersIsReportedWithTheOffsetOfTheFirstDifferentByte() throws IOException {
        ChunkedChannels.Sink sent = new ChunkedChannels.Sink(100);
        EchoRoundTrip exchange = new EchoRoundTrip(
                new ChunkedChannels.Source("abc\nhello\n".getBytes(StandardCharsets.US_ASCII), 3), sent, 64);
        exchange.exchange(ByteBuffer.wrap("abc\n".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> exchange.exchange(ByteBuffer.wrap("help\n\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOfSatisfying(
                        EchoMismatchException.class, e -> assertThat(e.offset()).isEqualTo(7))
                .hasMessage("the echo differs from what was sent at byte 7: sent 'p' (0x70), received 'l' (0x6c)");
    }

    @Test
    void aMismatchNamesUnprintableBytesAndBytesNeverSentInHex() {
        assertThat(new EchoMismatchException(0, '\n', 0xff))
                .hasMessage("the echo differs from what was sent at byte 0: sent 0x0a, received 0xff");
        assertThat(new EchoMismatchException(3, -1, 'h'))
                .hasMessage("the echo differs from what was sent at byte 3: sent nothing, received 'h' (0x68)");
    }
}
