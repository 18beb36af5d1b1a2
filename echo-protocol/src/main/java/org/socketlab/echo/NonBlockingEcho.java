package org.socketlab.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The non-blocking form of {@link EchoHandler}, for servers built on a selector: the same RFC 862 echo, driven by
 * readiness events instead of blocking calls.
 *
 * <p>Bytes read wait in one bounded buffer until they are written back. {@link #wantsRead()} is false while the
 * buffer is full, so a client that sends without reading makes the server stop reading from it (TCP's window then
 * stops the client) instead of buffering without bound. Not thread-safe: one per connection, used by the
 * thread of its selector.
 */
public final class NonBlockingEcho {
    private final ByteBuffer pending;
    private boolean eof;
    private long echoed;

    /**
     * @param bufferSize the most bytes held for one connection
     */
    public NonBlockingEcho(int bufferSize) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
        }
        this.pending = ByteBuffer.allocateDirect(bufferSize);
    }

    /**
     * Reads what the channel has, as much as the buffer takes.
     *
     * @throws ConnectionFailedException if the read fails, with the bytes echoed so far
     */
    public void onReadable(ReadableByteChannel in) throws ConnectionFailedException {
        try {
            if (pending.hasRemaining() && in.read(pending) < 0) {
                eof = true;
            }
        } catch (IOException e) {
            throw new ConnectionFailedException(echoed, e);
        }
    }

    /**
     * Writes what is pending, as much as the channel takes.
     *
     * @throws ConnectionFailedException if the write fails, with the bytes echoed so far
     */
    public void onWritable(WritableByteChannel out) throws ConnectionFailedException {
        try {
            pending.flip();
            echoed += out.write(pending);
            pending.compact();
        } catch (IOException e) {
            throw new ConnectionFailedException(echoed, e);
        }
    }

    /** Whether to watch for readability: not after EOF, and not while the buffer is full (back-pressure). */
    public boolean wantsRead() {
        return !eof && pending.hasRemaining();
    }

    /** Whether to watch for writability: while bytes wait to be echoed. */
    public boolean wantsWrite() {
        return pending.position() > 0;
    }

    /** Whether the peer has sent EOF and everything has been echoed: time to close. */
    public boolean finished() {
        return eof && pending.position() == 0;
    }

    /** The bytes echoed so far. */
    public long bytesEchoed() {
        return echoed;
    }
}
