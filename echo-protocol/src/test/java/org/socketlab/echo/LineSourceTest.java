package org.socketlab.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LineSourceTest {

    private static List<String> pieces(InputStream in, int max) throws IOException {
        LineSource source = new LineSource(in, max);
        List<String> pieces = new ArrayList<>();
        for (ByteBuffer b = source.next(); b != null; b = source.next()) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            pieces.add(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return pieces;
    }

    private static InputStream of(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Hands out at most one byte per read, as a slow terminal or a split TCP stream may. */
    private static InputStream trickle(String s) {
        return new FilterInputStream(of(s)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void linesKeepTheirNewlineAndTheLastLineNeedsNone() throws IOException {
        assertThat(pieces(of("a\nbb\n\nccc"), 64)).containsExactly("a\n", "bb\n", "\n", "ccc");
    }

    @Test
    void crLfAndNulAreOrdinaryBytes() throws IOException {
        assertThat(pieces(of("dos\r\n\0nul\0\n"), 64)).containsExactly("dos\r\n", "\0nul\0\n");
    }

    @Test
    void anEmptyInputHasNoPieces() throws IOException {
        assertThat(pieces(of(""), 64)).isEmpty();
    }

    @Test
    void aLineLongerThanTheBufferComesInPieces() throws IOException {
        assertThat(pieces(of("abcdefghij\nxy\n"), 4)).containsExactly("abcd", "efgh", "ij\n", "xy\n");
    }

    @Test
    void splitReadsAreJoinedIntoWholeLines() throws IOException {
        assertThat(pieces(trickle("one\ntwo\nthree"), 8)).containsExactly("one\n", "two\n", "three");
    }

    @Test
    void aLineIsReturnedAsSoAsItsNewlineArrivesWithoutWaitingForMore() throws IOException {
        InputStream terminal = new InputStream() {
            private final byte[] line = "typed\n".getBytes(StandardCharsets.US_ASCII);
            private boolean given;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (given) {
                    throw new AssertionError("read again although a whole line was available");
                }
                given = true;
                System.arraycopy(line, 0, b, off, line.length);
                return line.length;
            }
        };
        ByteBuffer first = new LineSource(terminal, 64).next();
        assertThat(first.remaining()).isEqualTo(6);
    }
}
