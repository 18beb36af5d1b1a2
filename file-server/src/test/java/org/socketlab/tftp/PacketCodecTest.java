package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.tftp.Packet.Ack;
import org.socketlab.tftp.Packet.Data;
import org.socketlab.tftp.Packet.ErrorPacket;
import org.socketlab.tftp.Packet.Opcode;
import org.socketlab.tftp.Packet.OptionAck;
import org.socketlab.tftp.Packet.Request;

/** The codec on bytes built by hand, as they come off the wire: every packet, and every way to malform one. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PacketCodecTest {

    @Test
    void readRequestWithOptionsNamesInLowerCaseInOrder() throws TftpException {
        Packet p = decode(bytes(0, 1), text("pxe/boot.img\0OCTET\0BLKSIZE\0" + "1428\0tsize\0" + "0\0"));

        assertThat(p)
                .isEqualTo(
                        new Request(Opcode.RRQ, "pxe/boot.img", Mode.OCTET, Map.of("blksize", "1428", "tsize", "0")));
        assertThat(((Request) p).options().keySet())
                .as("options in the order sent")
                .containsExactly("blksize", "tsize");
    }

    @Test
    void writeRequestInNetascii() throws TftpException {
        Request r = (Request) decode(bytes(0, 2), text("notes.txt\0netascii\0"));

        assertThat(r.isWrite()).isTrue();
        assertThat(r.mode()).isEqualTo(Mode.NETASCII);
        assertThat(r.options()).isEmpty();
    }

    @Test
    void dataPayloadIsTheBytesAfterTheHeaderBinaryIncluded() throws TftpException {
        Data d = (Data) decode(bytes(0, 3, 0xff, 0xff, 0, 0x0d, 0x0a, 0xff));

        assertThat(d.block()).as("block number read unsigned").isEqualTo(65535);
        byte[] payload = new byte[d.payload().remaining()];
        d.payload().get(payload);
        assertThat(payload).containsExactly(bytes(0, 0x0d, 0x0a, 0xff));
    }

    @Test
    void emptyDataIsTheLastBlockOfAFileOfWholeBlocks() throws TftpException {
        Data d = (Data) decode(bytes(0, 3, 0, 2));

        assertThat(d.block()).isEqualTo(2);
        assertThat(d.payload().remaining()).isZero();
    }

    @Test
    void ackErrorAndOptionAck() throws TftpException {
        assertThat(decode(bytes(0, 4, 0x01, 0x00))).isEqualTo(new Ack(256));
        assertThat(decode(bytes(0, 5, 0, 1), text("no such file\0")))
                .isEqualTo(new ErrorPacket(ErrorCode.FILE_NOT_FOUND, "no such file"));
        assertThat(decode(bytes(0, 5, 0, 9), text("no NUL, unknown code")))
                .as("an error is shown, never answered: forgiven")
                .isEqualTo(new ErrorPacket(ErrorCode.NOT_DEFINED, "no NUL, unknown code"));
        assertThat(decode(bytes(0, 6), text("blksize\0" + "1428\0")))
                .isEqualTo(new OptionAck(Map.of("blksize", "1428")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty datagram|''|shorter than an opcode",
                "one byte|00|shorter than an opcode",
                "opcode 0|00 00 00 00|unknown opcode 0",
                "opcode 7|00 07 00 00|unknown opcode 7",
                "opcode 256|01 00 61 00|unknown opcode 256",
                "RRQ without a NUL at the end|00 01 61 00 6f 63 74 65 74|no terminating NUL",
                "RRQ without a mode|00 01 61 00|without a mode",
                "RRQ with mode mail|00 01 61 00 6d 61 69 6c 00|unknown mode 'mail'",
                "RRQ with an empty mode|00 01 61 00 00|unknown mode ''",
                "option without a value|00 01 61 00 6f 63 74 65 74 00 62 00|option 'b' without a value",
                "option given twice|00 01 61 00 6f 63 74 65 74 00 61 00 31 00 41 00 32 00|option 'a' given twice",
                "name not UTF-8|00 01 c3 28 00 6f 63 74 65 74 00|not UTF-8",
                "DATA of 3 bytes|00 03 00|too short",
                "ACK of 3 bytes|00 04 00|an ACK has 4",
                "ACK of 5 bytes|00 04 00 01 00|an ACK has 4",
                "ERROR of 3 bytes|00 05 00|too short",
            })
    void malformedPacketIsIllegalOperationNamingWhy(String what, String hex, String reason) {
        assertThatThrownBy(() -> decode(hex(hex)))
                .isInstanceOfSatisfying(
                        TftpException.class, e -> assertThat(e.code()).as(what).isEqualTo(ErrorCode.ILLEGAL_OPERATION))
                .hasMessageContaining(reason);
    }

    @Test
    void requestOver512BytesIsRefused() {
        byte[] name = new byte[600];
        Arrays.fill(name, (byte) 'a');

        assertThatThrownBy(() -> decode(bytes(0, 1), name, text("\0octet\0")))
                .hasMessageContaining("more than 512 bytes");
    }

    @Test
    void aNulInsideTheNameEndsTheNameAndTheRestIsReadAsTheMode() {
        // The classic NUL-byte trick ("ok.txt\0../../etc/passwd") cannot reach the file system: the name is "ok.txt"
        // and what follows is an unknown mode.
        assertThatThrownBy(() -> decode(bytes(0, 1), text("ok.txt\0../../etc/passwd\0octet\0")))
                .hasMessageContaining("unknown mode '../../etc/passwd'");
    }

    @Test
    void encodedPacketsAreTheRfcBytes() {
        byte[] block = new byte[4 + 3];
        block[4] = 'a';
        block[5] = 'b';
        block[6] = 'c';
        assertThat(array(PacketCodec.data(block, 65535, 3))).containsExactly(bytes(0, 3, 0xff, 0xff, 'a', 'b', 'c'));
        assertThat(array(PacketCodec.ack(1))).containsExactly(bytes(0, 4, 0, 1));
        assertThat(array(PacketCodec.error(ErrorCode.UNKNOWN_TID, "who?")))
                .containsExactly(concat(bytes(0, 5, 0, 5), text("who?\0")));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("blksize", "1428");
        options.put("tsize", "42");
        assertThat(array(PacketCodec.optionAck(options)))
                .containsExactly(concat(bytes(0, 6), text("blksize\0" + "1428\0tsize\0" + "42\0")));
    }

    @Test
    void errorMessageIsCutToKeepThePacketWithin512Bytes() {
        assertThat(PacketCodec.error(ErrorCode.NOT_DEFINED, "x".repeat(2000)).remaining())
                .isEqualTo(512);
    }

    private static Packet decode(byte[]... parts) throws TftpException {
        return PacketCodec.decode(ByteBuffer.wrap(concat(parts)));
    }

    private static byte[] array(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        if (hex.isBlank()) {
            return new byte[0];
        }
        String[] parts = hex.trim().split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
