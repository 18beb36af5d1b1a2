package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.socketlab.tftp.PacketCodecTest.bytes;
import static org.socketlab.tftp.PacketCodecTest.concat;
import static org.socketlab.tftp.PacketCodecTest.hex;
import static org.socketlab.tftp.PacketCodecTest.text;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketlab.tftp.WireClient.Reply;

/**
 * The server on loopback, driven by hand-built packets: the transfer's own port, a stranger's packet (error 5), a
 * lost ACK (the timeout, then the bound), a duplicate ACK (never answered), option negotiation, uploads, and one
 * transfer at a time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TftpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private Path root;
    private byte[] file1025;
    private RunningTftp server;
    private WireClient client;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        file1025 = new byte[1025];
        new Random(1).nextBytes(file1025);
        Files.write(root.resolve("f1025"), file1025);
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        client = new WireClient();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    private void start(boolean allowWrite, int retries) throws IOException {
        server = new RunningTftp(new TftpConfig(root, 0, allowWrite, Duration.ofSeconds(1), retries));
    }

    @Test
    void aFileIsSentInBlocksFromThePortOfItsTransfer() throws Exception {
        start(false, 5);
        client.send(server.port(), rrq("f1025"));

        Reply first = client.receive(WAIT).assertData(1);
        assertThat(first.port())
                .as("the transfer's port (its TID) is not the requests' port")
                .isNotEqualTo(server.port());
        client.ack(first.port(), 1);
        Reply second = client.receive(WAIT).assertData(2);
        client.ack(first.port(), 2);
        Reply last = client.receive(WAIT).assertData(3);
        client.ack(first.port(), 3);

        assertThat(concat(first.payload(), second.payload(), last.payload())).isEqualTo(file1025);
        assertThat(last.payload())
                .as("the last block, shorter than 512, ends the transfer")
                .hasSize(1);
        assertThat(server.awaitLine("Sent 'f1025'")).contains("1,025 bytes in 3 blocks, 0 retransmissions");
    }

    @Test
    void theServersLineCountsInTheSingularForOne() throws Exception {
        Files.write(root.resolve("f1"), new byte[] {42});
        start(false, 5);
        client.send(server.port(), rrq("f1"));
        Reply only = client.receive(WAIT).assertData(1);
        client.ack(only.port(), 1);
        assertThat(server.awaitLine("Sent 'f1'")).contains(": 1 byte in 1 block, 0 retransmissions, ");
    }

    @Test
    void aPacketFromAnotherPortGetsError5AndTheTransferGoesOn() throws Exception {
        start(false, 5);
        client.send(server.port(), rrq("f1025"));
        Reply first = client.receive(WAIT).assertData(1);

        try (WireClient stranger = new WireClient()) {
            stranger.ack(first.port(), 1);
            stranger.receive(WAIT).assertError(ErrorCode.UNKNOWN_TID);
        }
        client.ack(first.port(), 1);
        client.receive(WAIT).assertData(2);

        assertThat(server.awaitLine("error 5")).contains("the transfer goes on");
        assertThat(server.lines()).noneMatch(l -> l.contains("abandoned"));
    }

    @Test
    void aLostAckMakesTheServerSendTheBlockAgainAfterTheTimeoutABoundedNumberOfTimes() throws Exception {
        start(false, 2);
        client.send(server.port(), rrq("f1025"));

        long[] arrivals = new long[3];
        for (int i = 0; i < 3; i++) {
            client.receive(WAIT).assertData(1);
            arrivals[i] = System.nanoTime();
        }
        assertThat(client.poll(Duration.ofMillis(1500)))
                .as("nothing after the first send and 2 retries")
                .isNull();

        for (int i = 1; i < 3; i++) {
            assertThat(Duration.ofNanos(arrivals[i] - arrivals[i - 1]))
                    .as("the timeout between two sends")
                    .isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
        }
        assertThat(server.awaitLine("abandoned")).contains("no ACK of block 1 after 3 tries, 1 s apart");
    }

    @Test
    void aDuplicateAckIsNeverAnsweredNoSorcerersApprentice() throws Exception {
        start(false, 5);
        client.send(server.port(), rrq("f1025"));
        int tid = client.receive(WAIT).assertData(1).port();
        client.ack(tid, 1);
        client.receive(WAIT).assertData(2);

        client.ack(tid, 1); // late duplicate of ACK 1: answering it with DATA 2 again is the bug
        client.ack(tid, 2);

        // Datagrams from one socket over loopback keep their order: a DATA 2 sent for the duplicate would come first.
        client.receive(WAIT).assertData(3);
        client.ack(tid, 3);
        assertThat(server.awaitLine("Sent 'f1025'")).contains("0 retransmissions");
    }

    @Test
    void optionsAreAcknowledgedAndTheBlocksHaveTheNegotiatedSize() throws Exception {
        start(false, 5);
        client.send(server.port(), concat(bytes(0, 1), text("f1025\0octet\0blksize\0" + "1000\0tsize\0" + "0\0")));

        Reply oack = client.receive(WAIT);
        assertThat(oack.opcode()).as("opcode (6 = OACK)").isEqualTo(6);
        assertThat(oack.text(2)).isEqualTo("blksize\0" + "1000\0tsize\0" + "1025\0");
        client.ack(oack.port(), 0);
        assertThat(client.receive(WAIT).assertData(1).payload()).hasSize(1000);
    }

    @Test
    void blockNumbersRollOverFrom65535To0() throws Exception {
        start(false, 5);
        // 65,536 blocks of 8 bytes, then the empty last block: numbers 1 ... 65535, 0, 1.
        Files.write(root.resolve("big"), new byte[65536 * 8]);
        client.send(server.port(), concat(bytes(0, 1), text("big\0octet\0blksize\0" + "8\0")));
        int tid = client.receive(WAIT).port();
        client.ack(tid, 0);
        for (int block = 1; block <= 65537; block++) {
            int number = block & 0xffff;
            client.receive(WAIT).assertData(number);
            client.ack(tid, number);
        }
        assertThat(server.awaitLine("Sent 'big'")).contains("524,288 bytes in 65,537 blocks");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a lone byte|01|ILLEGAL_OPERATION",
                "unknown opcode|00 09 61 00|ILLEGAL_OPERATION",
                "an ACK to the requests' port|00 04 00 01|ILLEGAL_OPERATION",
                "a request without its last NUL|00 01 66 31 30 32 35 00 6f 63 74 65 74|ILLEGAL_OPERATION",
                "unknown mode|00 01 66 31 30 32 35 00 6d 61 69 6c 00|ILLEGAL_OPERATION",
                "blksize not a number|00 01 66 31 30 32 35 00 6f 63 74 65 74 00 62 6c 6b 73 69 7a 65 00 78 00"
                        + "|ILLEGAL_OPERATION",
                "blksize out of range|00 01 66 31 30 32 35 00 6f 63 74 65 74 00 62 6c 6b 73 69 7a 65 00 34"
                        + " 00|OPTION_REFUSED",
                "file not found|00 01 6e 6f 00 6f 63 74 65 74 00|FILE_NOT_FOUND",
                "a name with '..'|00 01 2e 2e 2f 73 65 63 72 65 74 2e 74 78 74 00 6f 63 74 65 74 00|ACCESS_VIOLATION",
            })
    void aBadRequestIsRefusedWithItsErrorAndOneLine(String what, String packet, ErrorCode code) throws Exception {
        start(false, 5);
        client.send(server.port(), hex(packet));

        Reply error = client.receive(WAIT).assertError(code);

        assertThat(error.port())
                .as("the refusal comes from a port of its own, as any answer to a request")
                .isNotEqualTo(server.port());
        assertThat(server.awaitLine("Refused")).contains(code.toString());
        client.send(server.port(), rrq("f1025"));
        client.receive(WAIT).assertData(1);
    }

    @Test
    void writesAreRefusedUnlessAllowedAndNothingIsCreated() throws Exception {
        start(false, 5);
        client.send(server.port(), wrq("up.bin"));

        client.receive(WAIT).assertError(ErrorCode.ACCESS_VIOLATION);
        assertThat(server.awaitLine("Refused WRQ")).contains("--allow-write");
        assertThat(listRoot()).containsExactly("f1025");
    }

    @Test
    void anUploadAppearsUnderItsNameOnlyWhenComplete() throws Exception {
        start(true, 5);
        client.send(server.port(), wrq("up.bin"));
        Reply ack0 = client.receive(WAIT);
        assertThat(ack0.opcode()).as("opcode (4 = ACK)").isEqualTo(4);
        assertThat(ack0.number()).isZero();
        byte[] block1 = new byte[512];
        new Random(2).nextBytes(block1);

        client.send(ack0.port(), concat(bytes(0, 3, 0, 1), block1));
        assertThat(client.receive(WAIT).number()).isEqualTo(1);
        assertThat(listRoot())
                .as("no file under its name before the last block")
                .doesNotContain("up.bin")
                .anyMatch(n -> n.endsWith(".part"));
        client.send(ack0.port(), concat(bytes(0, 3, 0, 2), text("end")));
        assertThat(client.receive(WAIT).number()).isEqualTo(2);

        assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(concat(block1, text("end")));
        assertThat(server.awaitLine("Received 'up.bin'")).contains("515 bytes in 2 blocks");
        assertThat(listRoot()).containsExactlyInAnyOrder("f1025", "up.bin");
    }

    @Test
    void anExistingNameIsError6AndItsFileUnchanged() throws Exception {
        start(true, 5);
        client.send(server.port(), wrq("f1025"));

        client.receive(WAIT).assertError(ErrorCode.FILE_EXISTS);
        assertThat(Files.readAllBytes(root.resolve("f1025"))).isEqualTo(file1025);
    }

    @Test
    void anAbortedUploadLeavesNothingBehind() throws Exception {
        start(true, 1);
        client.send(server.port(), wrq("half.bin"));
        int tid = client.receive(WAIT).port();
        client.send(tid, concat(bytes(0, 3, 0, 1), new byte[512]));
        client.receive(WAIT);
        // The client goes silent: after the first send and 1 retry of ACK 1, the server gives up.

        assertThat(server.awaitLine("abandoned")).contains("no DATA block 2 after 2 tries");
        assertThat(listRoot()).containsExactly("f1025");
    }

    @Test
    void aSecondRequestWaitsUntilTheFirstTransferEndsAndItsLineSaysSo() throws Exception {
        start(false, 1);
        client.send(server.port(), rrq("f1025"));
        client.receive(WAIT).assertData(1);
        // The first client never answers: its transfer lasts two timeouts. The second request waits meanwhile.
        try (WireClient second = new WireClient()) {
            second.send(server.port(), rrq("f1025"));
            assertThat(second.poll(Duration.ofMillis(500)))
                    .as("no answer while the first transfer runs")
                    .isNull();

            second.receive(WAIT).assertData(1);
            assertThat(server.lines())
                    .as("the first transfer ended before the second began")
                    .anyMatch(l -> l.contains("abandoned"));
            assertThat(server.awaitLine("port " + second.port()))
                    .contains("it waited in the queue while the server was busy");
        }
    }

    @Test
    void aRequestAfterAFinishedUploadSaysItWaitedForTheLingerNotForABusyServer() throws Exception {
        start(true, 1);
        client.send(server.port(), wrq("up.txt"));
        Reply ack0 = client.receive(WAIT);
        client.send(ack0.port(), concat(bytes(0, 3, 0, 1), text("end")));
        assertThat(client.receive(WAIT).number())
                .as("the ACK of the last block")
                .isEqualTo(1);
        server.awaitLine("Received 'up.txt'");

        try (WireClient next = new WireClient()) {
            next.send(server.port(), rrq("f1025"));
            next.receive(WAIT).assertData(1);
            assertThat(server.awaitLine("port " + next.port()))
                    .contains("it waited in the queue while the server lingered 1 s after the last upload")
                    .doesNotContain("busy");
        }
    }

    @Test
    void misuseOfTheLifecycleIsNamed() throws Exception {
        TftpServer unstarted = new TftpServer(
                new TftpConfig(root, 0, false, Duration.ofSeconds(1), 5),
                new TftpMessages(new PrintStream(OutputStream.nullOutputStream())));
        assertThatThrownBy(unstarted::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("start() not called");
        unstarted.close();
        unstarted.close();
        assertThatThrownBy(unstarted::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("close() already called");
        start(false, 5);
        assertThatThrownBy(server.server::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("start() already called");
    }

    private static byte[] rrq(String name) {
        return concat(bytes(0, 1), text(name + "\0octet\0"));
    }

    private static byte[] wrq(String name) {
        return concat(bytes(0, 2), text(name + "\0octet\0"));
    }

    private List<String> listRoot() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
