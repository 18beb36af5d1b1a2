package org.socketlab.echo;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What came back differs from what was sent: the peer is not an echo server, or it changed the bytes. */
public class EchoMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset where the two first differ, counted in bytes from the start of the connection
     * @param sent the byte sent there (0..255), or -1 if nothing had been sent there
     * @param received the byte that came back there (0..255)
     */
    public EchoMismatchException(long offset, int sent, int received) {
        super("the echo differs from what was sent at byte " + offset + ": sent " + describe(sent) + ", received "
                + describe(received));
        this.offset = offset;
    }

    /**
     * Compares {@code echoed} with as many bytes of {@code sent}, each from its position, moving neither.
     *
     * @param offset the offset in the connection of the first byte compared, for the message
     * @throws EchoMismatchException at the first byte that differs
     */
    public static void compare(ByteBuffer sent, ByteBuffer echoed, long offset) throws EchoMismatchException {
        int length = Math.min(sent.remaining(), echoed.remaining());
        int at = sent.slice().limit(length).mismatch(echoed.slice().limit(length));
        if (at >= 0) {
            throw new EchoMismatchException(
                    offset + at,
                    Byte.toUnsignedInt(sent.get(sent.position() + at)),
                    Byte.toUnsignedInt(echoed.get(echoed.position() + at)));
        }
    }

    /** Where the echo first differs, in bytes from the start of the connection. */
    public long offset() {
        return offset;
    }

    private static String describe(int b) {
        if (b < 0) {
            return "nothing";
        }
        String hex = String.format("0x%02x", b);
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "' (" + hex + ")" : hex;
    }
}
