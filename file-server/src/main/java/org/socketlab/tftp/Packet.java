package org.socketlab.tftp;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The five packets of TFTP (RFC 1350 §5) and the option acknowledgement of RFC 2347, as values. {@link PacketCodec}
 * turns them into bytes and back; nothing here knows about sockets.
 */
public sealed interface Packet {

    /** What kind of packet this is. */
    Opcode opcode();

    /** The opcodes: the first two bytes of every packet, big-endian. */
    enum Opcode {
        RRQ,
        WRQ,
        DATA,
        ACK,
        ERROR,
        OACK;

        /** The number on the wire: 1 for RRQ ... 6 for OACK. */
        public int code() {
            return ordinal() + 1;
        }
    }

    /**
     * A read request (RRQ) or a write request (WRQ): {@code opcode name NUL mode NUL [option NUL value NUL]...}.
     *
     * @param opcode {@link Opcode#RRQ} or {@link Opcode#WRQ}
     * @param filename the name as the client sent it, not yet checked against the root
     * @param mode octet or netascii
     * @param options the RFC 2347 options, names in lower case, in the order sent
     */
    record Request(Opcode opcode, String filename, Mode mode, Map<String, String> options) implements Packet {
        public Request {
            if (opcode != Opcode.RRQ && opcode != Opcode.WRQ) {
                throw new IllegalArgumentException("a request is an RRQ or a WRQ, not " + opcode);
            }
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        /** Whether the client wants to write (upload) rather than read. */
        public boolean isWrite() {
            return opcode == Opcode.WRQ;
        }
    }

    /**
     * A block of the file: {@code 3 block data}. The last block is shorter than the block size (possibly empty).
     *
     * @param block the block number, 1 to 65535 then 0 again after a roll-over
     * @param payload the bytes, a view of the received datagram (read it before the next receive)
     */
    record Data(int block, ByteBuffer payload) implements Packet {
        @Override
        public Opcode opcode() {
            return Opcode.DATA;
        }
    }

    /** {@code 4 block}: the block received (0 answers a WRQ or an OACK). */
    record Ack(int block) implements Packet {
        @Override
        public Opcode opcode() {
            return Opcode.ACK;
        }
    }

    /** {@code 5 code message NUL}: ends the transfer; an error is never acknowledged nor retransmitted. */
    record ErrorPacket(ErrorCode code, String message) implements Packet {
        @Override
        public Opcode opcode() {
            return Opcode.ERROR;
        }
    }

    /** {@code 6 [option NUL value NUL]...}: the options the server accepted, with the values it chose. */
    record OptionAck(Map<String, String> options) implements Packet {
        public OptionAck {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        @Override
        public Opcode opcode() {
            return Opcode.OACK;
        }
    }
}
