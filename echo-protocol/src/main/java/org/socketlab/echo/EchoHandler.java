package org.socketlab.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The server side of RFC 862 echo over TCP: every byte read is written back, in order, until the peer's EOF.
 *
 * <p>The protocol is a byte stream, not lines: whatever one read returns is written back whole before the next
 * read, through one bounded buffer, so a 1 GiB "line" passes in constant memory. The buffer is allocated once
 * per handler and reused from one connection to the next.
 *
 * <p>Not thread-safe: a handler serves one connection at a time; give each serving thread its own.
 */
public final class EchoHandler implements ConnectionHandler {

    /** 64 KiB, as bench/c's servers read (docs/performance.md says why this size). */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    private final ByteBuffer buffer;

    /** A handler with a {@value #DEFAULT_BUFFER_SIZE}-byte buffer. */
    public EchoHandler() {
        this(DEFAULT_BUFFER_SIZE);
    }

    /**
     * A handler with the given buffer size.
     *
     * @throws IllegalArgumentException if the size is not positive
     */
    public EchoHandler(int bufferSize) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
        }
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    /**
     * Echoes until EOF on {@code in}. Both channels must be in blocking mode.
     *
     * @return the bytes echoed
     * @throws ConnectionFailedException if a read or write fails, with the bytes echoed before it
     * @throws IllegalStateException if a write makes no progress (a non-blocking channel)
     */
    @Override
    public long serve(ReadableByteChannel in, WritableByteChannel out) throws ConnectionFailedException {
        long echoed = 0;
        ByteBuffer buf = buffer;
        try {
            buf.clear();
            while (in.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    int written = out.write(buf);
                    if (written == 0) {
                        throw new IllegalStateException("EchoHandler needs blocking channels; use the selector form");
                    }
                    echoed += written;
                }
                buf.clear();
            }
            return echoed;
        } catch (IOException e) {
            throw new ConnectionFailedException(echoed, e);
        }
    }
}
