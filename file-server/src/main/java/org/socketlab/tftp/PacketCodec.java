package org.socketlab.tftp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socketlab.tftp.Packet.Ack;
import org.socketlab.tftp.Packet.Data;
import org.socketlab.tftp.Packet.ErrorPacket;
import org.socketlab.tftp.Packet.Opcode;
import org.socketlab.tftp.Packet.OptionAck;
import org.socketlab.tftp.Packet.Request;

/**
 * TFTP packets to bytes and back (RFC 1350 §5, RFC 2347). Pure functions on buffers, no sockets: every way a
 * datagram can be malformed is a {@link TftpException} with {@link ErrorCode#ILLEGAL_OPERATION} naming what is
 * wrong.
 */
public final class PacketCodec {
    /** RFC 2347: a request, options included, fits in 512 bytes. */
    public static final int MAX_REQUEST = 512;

    private PacketCodec() {}

    /**
     * Reads one datagram, from its position to its limit.
     *
     * @throws TftpException error 4 for a packet too short, an unknown opcode, a field without its NUL, an unknown
     *     mode, an option without a value or given twice, text that is not UTF-8, a request over 512 bytes
     */
    public static Packet decode(ByteBuffer datagram) throws TftpException {
        ByteBuffer in = datagram.slice();
        if (in.remaining() < 2) {
            throw illegal("a packet of " + in.remaining() + " byte(s), shorter than an opcode");
        }
        int opcode = in.getShort() & 0xffff;
        if (opcode < 1 || opcode > Opcode.values().length) {
            throw illegal("unknown opcode " + opcode);
        }
        Opcode op = Opcode.values()[opcode - 1];
        return switch (op) {
            case RRQ, WRQ -> request(op, in);
            case DATA -> new Data(blockNumber(op, in), in.slice());
            case ACK -> ack(in);
            case ERROR -> new ErrorPacket(ErrorCode.of(blockNumber(op, in)), errorMessage(in));
            case OACK -> new OptionAck(options(strings(in, "OACK")));
        };
    }

    private static Request request(Opcode op, ByteBuffer in) throws TftpException {
        if (in.limit() > MAX_REQUEST) {
            throw illegal("a request of more than " + MAX_REQUEST + " bytes (RFC 2347)");
        }
        List<String> fields = strings(in, op.name());
        if (fields.size() < 2) {
            throw illegal(op + " without a mode");
        }
        String modeName = fields.get(1);
        Mode mode = Mode.parse(modeName).orElseThrow(() -> illegal("unknown mode '" + modeName + "'"));
        return new Request(op, fields.get(0), mode, options(fields.subList(2, fields.size())));
    }

    private static int blockNumber(Opcode op, ByteBuffer in) throws TftpException {
        if (in.remaining() < 2) {
            throw illegal(op + " of " + (in.limit()) + " bytes, too short for its 2-byte number");
        }
        return in.getShort() & 0xffff;
    }

    private static Ack ack(ByteBuffer in) throws TftpException {
        if (in.remaining() != 2) {
            throw illegal("ACK of " + in.limit() + " bytes (an ACK has 4)");
        }
        return new Ack(in.getShort() & 0xffff);
    }

    /** An error's message is shown, never acted upon: a missing NUL or odd bytes are forgiven. */
    private static String errorMessage(ByteBuffer in) {
        int end = in.position();
        while (end < in.limit() && in.get(end) != 0) {
            end++;
        }
        byte[] text = new byte[end - in.position()];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    /** NUL-terminated strings up to the end of the packet; the last byte must be a NUL. */
    private static List<String> strings(ByteBuffer in, String what) throws TftpException {
        List<String> fields = new ArrayList<>();
        if (in.hasRemaining() && in.get(in.limit() - 1) != 0) {
            throw illegal(what + " whose last field has no terminating NUL");
        }
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == 0) {
                fields.add(text(in.slice(start, i - start), what));
                start = i + 1;
            }
        }
        return fields;
    }

    private static String text(ByteBuffer bytes, String what) throws TftpException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw illegal(what + " with a field that is not UTF-8 text");
        }
    }

    private static Map<String, String> options(List<String> fields) throws TftpException {
        if (fields.size() % 2 != 0) {
            throw illegal("option '" + fields.get(fields.size() - 1) + "' without a value");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            // RFC 2347: option names are case-insensitive.
            String name = fields.get(i).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw illegal("an option with an empty name");
            }
            if (options.put(name, fields.get(i + 1)) != null) {
                throw illegal("option '" + name + "' given twice");
            }
        }
        return options;
    }

    /**
     * A DATA packet whose payload the caller has already put at {@code packet[4 .. 4 + length)}: writes the header
     * into the first four bytes, so that a block goes from the file to the socket without a copy.
     */
    public static ByteBuffer data(byte[] packet, int block, int length) {
        ByteBuffer out = ByteBuffer.wrap(packet, 0, 4 + length);
        out.putShort(0, (short) Opcode.DATA.code()).putShort(2, (short) block);
        return out;
    }

    /** An ACK of {@code block}. */
    public static ByteBuffer ack(int block) {
        return ByteBuffer.allocate(4)
                .putShort((short) Opcode.ACK.code())
                .putShort((short) block)
                .flip();
    }

    /** An ERROR packet; the message is cut to keep the packet within 512 bytes. */
    public static ByteBuffer error(ErrorCode code, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_REQUEST - 5);
        return ByteBuffer.allocate(5 + length)
                .putShort((short) Opcode.ERROR.code())
                .putShort((short) code.code())
                .put(text, 0, length)
                .put((byte) 0)
                .flip();
    }

    /** An OACK with the accepted options. */
    public static ByteBuffer optionAck(Map<String, String> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(Opcode.OACK.code());
        options.forEach((name, value) -> {
            field(out, name);
            field(out, value);
        });
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static TftpException illegal(String reason) {
        return new TftpException(ErrorCode.ILLEGAL_OPERATION, reason);
    }
}
