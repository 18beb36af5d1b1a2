package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.tftp.PacketCodecTest.bytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Netascii both ways, including a CR LF pair split across two blocks. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NetasciiTest {

    @Test
    void lfBecomesCrLfAndCrBecomesCrNul() throws IOException {
        byte[] file = bytes('a', '\n', 'b', '\r', 'c', '\r');

        byte[] wire = Netascii.encoding(new ByteArrayInputStream(file)).readAllBytes();

        assertThat(wire).containsExactly(bytes('a', '\r', '\n', 'b', '\r', 0, 'c', '\r', 0));
    }

    @Test
    void blocksOfOneByteCarryTheSecondByteOfAPairToTheNextBlock() throws IOException {
        var in = Netascii.encoding(new ByteArrayInputStream(bytes('\n', '\n')));
        byte[] block = new byte[1];

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int n = in.readNBytes(block, 0, 1); n > 0; n = in.readNBytes(block, 0, 1)) {
            wire.write(block, 0, n);
        }

        assertThat(wire.toByteArray()).containsExactly(bytes('\r', '\n', '\r', '\n'));
    }

    @Test
    void decodingUndoesItEvenWhenAPairIsSplitAcrossWrites() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OutputStream out = Netascii.decoding(file)) {
            out.write(bytes('a', '\r'));
            out.write(bytes('\n', 'b', '\r'));
            out.write(bytes(0, 'c', '\r', 'x', '\r'));
        }

        assertThat(file.toByteArray())
                .as("CR LF -> LF, CR NUL -> CR, a stray CR kept, a final CR kept")
                .containsExactly(bytes('a', '\n', 'b', '\r', 'c', '\r', 'x', '\r'));
    }

    @Test
    void anyBytesSurviveTheRoundTrip() throws IOException {
        byte[] original = new byte[100_000];
        new Random(13).nextBytes(original);

        byte[] wire = Netascii.encoding(new ByteArrayInputStream(original)).readAllBytes();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (OutputStream out = Netascii.decoding(back)) {
            out.write(wire);
        }

        assertThat(back.toByteArray()).isEqualTo(original);
    }
}
