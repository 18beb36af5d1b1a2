package org.socketlab.echo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Cuts a byte stream (the client's stdin) into the pieces the client sends one at a time: a line with its
 * {@code '\n'}, the last bytes before EOF even without one, and, for a line longer than the buffer, pieces of at
 * most the buffer's size, so that any line passes in constant memory.
 *
 * <p>It returns a line as soon as its newline has arrived and never waits to fill the buffer, so that it works
 * on a terminal. Bytes are passed as they are: CR, NUL and every other value. Not thread-safe.
 */
public final class LineSource {
    private final InputStream in;
    private final byte[] buf;
    private int start;
    private int scanned;
    private int end;
    private boolean eof;

    /**
     * @param in the stream to read
     * @param maxPiece the largest piece returned, at least 1
     */
    public LineSource(InputStream in, int maxPiece) {
        if (maxPiece < 1) {
            throw new IllegalArgumentException("maxPiece must be at least 1: " + maxPiece);
        }
        this.in = in;
        this.buf = new byte[maxPiece];
    }

    /**
     * The next line or piece, or {@code null} at EOF. The returned buffer is a view valid until the next call.
     *
     * @throws IOException if reading the stream fails
     */
    public ByteBuffer next() throws IOException {
        while (true) {
            for (; scanned < end; scanned++) {
                if (buf[scanned] == '\n') {
                    return take(scanned + 1);
                }
            }
            if (end - start == buf.length || (eof && end > start)) {
                return take(end);
            }
            if (eof) {
                return null;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                scanned -= start;
                start = 0;
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
    }

    private ByteBuffer take(int upTo) {
        ByteBuffer piece = ByteBuffer.wrap(buf, start, upTo - start).slice();
        start = upTo;
        scanned = upTo;
        return piece;
    }
}
