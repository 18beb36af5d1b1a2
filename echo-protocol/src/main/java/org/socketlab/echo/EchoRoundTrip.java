package org.socketlab.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The client side of RFC 862 echo: send a piece, then read back exactly as many bytes as were sent, however TCP
 * splits them, and check that they are the same. Unlike the lab's C client, which spins forever when the server
 * closes, an early EOF is reported.
 *
 * <p>Not thread-safe; one exchange per connection at a time.
 */
public final class EchoRoundTrip {
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private ByteBuffer echo;
    private long offset;

    /**
     * @param in where the echo comes from (a connected channel in blocking mode, or its stream)
     * @param out where pieces are sent (the same connection)
     * @param maxPiece the largest piece {@link #exchange} will usually be given
     */
    public EchoRoundTrip(ReadableByteChannel in, WritableByteChannel out, int maxPiece) {
        this.in = in;
        this.out = out;
        this.echo = ByteBuffer.allocate(maxPiece);
    }

    /**
     * Writes all of {@code piece} and reads back as many bytes.
     *
     * @return a view of the echoed bytes, valid until the next exchange
     * @throws EchoClosedException if the server closes before the whole echo has come back
     * @throws EchoMismatchException if the echo differs from the piece
     * @throws IOException if the connection fails (reset, timeout)
     */
    public ByteBuffer exchange(ByteBuffer piece) throws IOException {
        int expected = piece.remaining();
        if (echo.capacity() < expected) {
            echo = ByteBuffer.allocate(expected);
        }
        ByteBuffer sent = piece.duplicate();
        while (piece.hasRemaining()) {
            out.write(piece);
        }
        echo.clear().limit(expected);
        while (echo.hasRemaining()) {
            if (in.read(echo) < 0) {
                throw new EchoClosedException(expected, echo.position());
            }
        }
        EchoMismatchException.compare(sent, echo.flip(), offset);
        offset += expected;
        return echo;
    }
}
