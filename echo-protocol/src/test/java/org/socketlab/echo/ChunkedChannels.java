package org.socketlab.echo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** In-memory channels that split reads and writes the way TCP may, for tests without sockets. */
final class ChunkedChannels {

    private ChunkedChannels() {}

    /** In memory there is nothing to close: always open, close does nothing. */
    private abstract static class AlwaysOpen implements Channel {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    /** Returns the bytes in reads of at most {@code chunk} bytes, then EOF (or a failure, if given). */
    static final class Source extends AlwaysOpen implements ReadableByteChannel {
        private final byte[] data;
        private final int[] chunks;
        private final IOException failAtEnd;
        private int position;
        private int reads;

        Source(byte[] data, IOException failAtEnd, int... chunks) {
            this.data = data;
            this.chunks = chunks;
            this.failAtEnd = failAtEnd;
        }

        Source(byte[] data, int... chunks) {
            this(data, null, chunks);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (position == data.length) {
                if (failAtEnd != null) {
                    throw failAtEnd;
                }
                return -1;
            }
            int chunk = chunks[reads++ % chunks.length];
            int n = Math.min(Math.min(chunk, dst.remaining()), data.length - position);
            dst.put(data, position, n);
            position += n;
            return n;
        }
    }

    /** Accepts at most {@code chunk} bytes per write and keeps them. */
    static final class Sink extends AlwaysOpen implements WritableByteChannel {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final int chunk;
        int writes;

        Sink(int chunk) {
            this.chunk = chunk;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(chunk, src.remaining());
            byte[] bytes = new byte[n];
            src.get(bytes);
            written.write(bytes, 0, n);
            writes++;
            return n;
        }

        byte[] bytes() {
            return written.toByteArray();
        }
    }

    /**
     * {@code total} bytes in reads as large as the buffer, then EOF, without storing any: the buffer is only advanced,
     * so a test can stream gigabytes through a handler at memory speed.
     */
    static final class Unstored extends AlwaysOpen implements ReadableByteChannel {
        private long left;

        Unstored(long total) {
            this.left = total;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), left);
            dst.position(dst.position() + n);
            left -= n;
            return n;
        }
    }

    /** Takes every write whole, counts the bytes and keeps none. */
    static final class CountingSink extends AlwaysOpen implements WritableByteChannel {
        long count;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            count += n;
            return n;
        }
    }

    /** Every byte value 0..255, {@code times} times over. */
    static byte[] allByteValues(int times) {
        byte[] bytes = new byte[256 * times];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
