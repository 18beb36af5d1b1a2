package org.socketlab.bench.load;

import java.nio.ByteBuffer;

/**
 * What the load generator sends, so that every byte of the echo can be checked: byte {@code k} of connection
 * {@code c}'s stream is {@code (k + c) % 251}. 251 is prime, so consecutive messages differ and an echo from the
 * wrong offset or the wrong connection does not match. Same pattern as {@code bench/c/echo_load.c}.
 */
final class EchoPattern {
    /** The most bytes one {@link #at} slice holds. */
    static final int MAX_SLICE = 64 * 1024;

    private static final int PERIOD = 251;
    private static final ByteBuffer BYTES = pattern();

    private EchoPattern() {}

    private static ByteBuffer pattern() {
        ByteBuffer b = ByteBuffer.allocateDirect(PERIOD + MAX_SLICE);
        for (int j = 0; j < b.capacity(); j++) {
            b.put(j, (byte) (j % PERIOD));
        }
        return b.asReadOnlyBuffer();
    }

    /**
     * The {@code length} bytes (at most {@link #MAX_SLICE}) of connection {@code index}'s stream from {@code offset}.
     */
    static ByteBuffer at(int index, long offset, int length) {
        int start = (int) ((offset + index) % PERIOD);
        return BYTES.duplicate().position(start).limit(start + length);
    }
}
