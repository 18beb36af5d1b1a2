package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.tftp.Packet.Opcode;
import org.socketlab.tftp.Packet.Request;

/** RFC 2347-2349 negotiation: what is acknowledged, with which value, and what is refused with which code. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TransferOptionsTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void noOptionsMeansRfc1350BlocksAndNoOack() throws TftpException {
        TransferOptions o = TransferOptions.forRead(read(Map.of()), ONE_SECOND, 100);

        assertThat(o).isEqualTo(new TransferOptions(512, ONE_SECOND, Map.of()));
    }

    @Test
    void blksizeTimeoutAndTsizeAreAcknowledgedUnknownOptionsLeftOut() throws TftpException {
        TransferOptions o = TransferOptions.forRead(
                read(Map.of("blksize", "1428", "timeout", "3", "tsize", "0", "windowsize", "8")), ONE_SECOND, 123_456);

        assertThat(o.blockSize()).isEqualTo(1428);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.acknowledged()).isEqualTo(Map.of("blksize", "1428", "timeout", "3", "tsize", "123456"));
    }

    @Test
    void blksizeAboveTheRfcMaximumIsAnsweredWithTheMaximum() throws TftpException {
        TransferOptions o = TransferOptions.forRead(read(Map.of("blksize", "70000")), ONE_SECOND, 1);

        assertThat(o.blockSize()).isEqualTo(65464);
        assertThat(o.acknowledged()).containsEntry("blksize", "65464");
    }

    @Test
    void tsizeIsLeftOutForAnEmptyFileAndForNetascii() throws TftpException {
        assertThat(TransferOptions.forRead(read(Map.of("tsize", "0")), ONE_SECOND, 0)
                        .acknowledged())
                .as("empty file: curl takes tsize 0 for an error")
                .isEmpty();
        assertThat(TransferOptions.forRead(read(Map.of("tsize", "0")), ONE_SECOND, -1)
                        .acknowledged())
                .as("size not known (netascii)")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "blksize, 7, OPTION_REFUSED",
        "blksize, -1, OPTION_REFUSED",
        "blksize, abc, ILLEGAL_OPERATION",
        "blksize, '', ILLEGAL_OPERATION",
        "timeout, 0, OPTION_REFUSED",
        "timeout, 256, OPTION_REFUSED",
        "timeout, 1.5, ILLEGAL_OPERATION",
        "tsize, -5, OPTION_REFUSED",
    })
    void badValuesAreRefused(String option, String value, ErrorCode code) {
        assertThatThrownBy(() -> TransferOptions.forRead(read(Map.of(option, value)), ONE_SECOND, 10))
                .isInstanceOfSatisfying(
                        TftpException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(option);
    }

    @Test
    void writeTsizeIsEchoedAndRefusedWithDiskFullWhenLargerThanTheFreeSpace() throws TftpException {
        Request upload = new Request(Opcode.WRQ, "f", Mode.OCTET, Map.of("tsize", "1000"));

        assertThat(TransferOptions.forWrite(upload, ONE_SECOND, 1000).acknowledged())
                .containsEntry("tsize", "1000");
        assertThatThrownBy(() -> TransferOptions.forWrite(upload, ONE_SECOND, 999))
                .isInstanceOfSatisfying(
                        TftpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL));
    }

    private static Request read(Map<String, String> options) {
        return new Request(Opcode.RRQ, "f", Mode.OCTET, options);
    }
}
