package org.socketlab.tftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.socketlab.tftp.Packet.Ack;
import org.socketlab.tftp.Packet.Data;
import org.socketlab.tftp.Packet.ErrorPacket;
import org.socketlab.tftp.Packet.Opcode;

/**
 * One transfer, in lock step: send a packet, wait for its answer, send the next. It runs on its own socket, whose
 * ephemeral port is the server's transfer ID (RFC 1350 §4); the client's address and port are the client's TID.
 *
 * <p>The two rules that make it work over a network that loses packets:
 * <ul>
 *   <li>A packet is sent again only when the timeout expires, at most {@code retries} times; then the transfer is
 *       abandoned. A duplicate ACK or DATA is never answered: answering would double the traffic at every loss,
 *       the "Sorcerer's Apprentice" bug (RFC 1123 §4.2.3.1).</li>
 *   <li>A packet from another address or port is answered with error 5 and otherwise ignored: the transfer goes
 *       on, its deadline unchanged.</li>
 * </ul>
 *
 * <p>Memory is one block: the DATA being sent (a read) or the buffer receiving it (a write). Not thread-safe: one
 * thread runs a transfer.
 */
final class Transfer {
    /** An ERROR packet with its longest message, the largest packet a read transfer receives. */
    private static final int LARGEST_ANSWER = PacketCodec.MAX_REQUEST + 4;

    private final DatagramSocket socket;
    private final InetSocketAddress client;
    private final TransferOptions options;
    private final int retries;
    private final TftpMessages messages;
    private final long started = System.nanoTime();
    private DatagramPacket incoming;
    private int retransmissions;
    private ByteBuffer lastAck;
    private int lastBlock;

    /**
     * @param socket the transfer's own socket, bound to an ephemeral port; the caller closes it
     * @param client the client's address and port, its TID
     * @param retries how many times a packet is sent again before the transfer is abandoned
     */
    Transfer(
            DatagramSocket socket,
            InetSocketAddress client,
            TransferOptions options,
            int retries,
            TftpMessages messages) {
        this.socket = socket;
        this.client = client;
        this.options = options;
        this.retries = retries;
        this.messages = messages;
    }

    /**
     * Sends a file (a read request): the OACK if options were negotiated, then its blocks, each once its
     * predecessor is acknowledged. Block numbers roll over from 65535 to 0, so that any size transfers.
     *
     * @return what was sent, once the last block (shorter than the block size, possibly empty) is acknowledged
     * @throws TransferFailed if the client stops answering, sends an error or an illegal packet
     * @throws IOException if the socket fails (closed by the server's stop)
     */
    Stats send(InputStream file) throws IOException, TransferFailed {
        incoming = new DatagramPacket(new byte[LARGEST_ANSWER], LARGEST_ANSWER);
        if (!options.acknowledged().isEmpty()) {
            // RFC 2347: the client answers the OACK with ACK 0, then the first block goes.
            exchange(PacketCodec.optionAck(options.acknowledged()), Opcode.ACK, 0, "ACK of the OACK");
        }
        byte[] block = new byte[4 + options.blockSize()];
        long blocks = 0;
        long bytes = 0;
        int length;
        do {
            length = read(file, block);
            blocks++;
            int number = (int) (blocks & 0xffff);
            // A lost last ACK and a lost last block look the same from here: the client may have the whole file.
            String awaited = "ACK of block " + number
                    + (length < options.blockSize()
                            ? ", the last (the client may "
                                    + "have it all: TFTP cannot tell a lost last ACK from a lost last block)"
                            : "");
            exchange(PacketCodec.data(block, number, length), Opcode.ACK, number, awaited);
            bytes += length;
        } while (length == options.blockSize());
        return stats(bytes, blocks);
    }

    private int read(InputStream file, byte[] block) throws IOException, TransferFailed {
        try {
            return file.readNBytes(block, 4, options.blockSize());
        } catch (IOException e) {
            throw abort(new TftpException(ErrorCode.NOT_DEFINED, "cannot read the file: " + e.getMessage()));
        }
    }

    /**
     * Receives a file (a write request): ACK 0 or the OACK, then each block written to {@code file} and
     * acknowledged. Returns when the last block is written but not yet acknowledged: the caller puts the file in
     * place, then calls {@link #acknowledgeLast()} and {@link #dally}, so that the client's last ACK means the
     * file is there.
     *
     * @throws TransferFailed if the client stops sending, sends an error or an illegal packet, or a block cannot
     *     be written (the client is sent error 3)
     */
    Stats receive(OutputStream file) throws IOException, TransferFailed {
        // One byte more than a block, to tell a DATA larger than the block size from one that fits.
        incoming = new DatagramPacket(new byte[options.blockSize() + 5], options.blockSize() + 5);
        ByteBuffer answer =
                options.acknowledged().isEmpty() ? PacketCodec.ack(0) : PacketCodec.optionAck(options.acknowledged());
        long blocks = 0;
        long bytes = 0;
        int length;
        do {
            int number = (int) ((blocks + 1) & 0xffff);
            ByteBuffer payload = ((Data) exchange(answer, Opcode.DATA, number, "DATA block " + number)).payload();
            length = payload.remaining();
            if (length > options.blockSize()) {
                throw abort(new TftpException(
                        ErrorCode.ILLEGAL_OPERATION,
                        "DATA block " + number + " of more than " + options.blockSize() + " bytes, the block size"));
            }
            try {
                file.write(payload.array(), payload.arrayOffset() + payload.position(), length);
            } catch (IOException e) {
                throw abort(new TftpException(ErrorCode.DISK_FULL, "cannot write the file: " + e.getMessage()));
            }
            blocks++;
            bytes += length;
            answer = PacketCodec.ack(number);
            lastBlock = number;
        } while (length == options.blockSize());
        lastAck = answer;
        return stats(bytes, blocks);
    }

    /** Sends the ACK of the last block received: the client's transfer is complete. */
    void acknowledgeLast() throws IOException {
        send(lastAck, client);
    }

    /**
     * Waits {@code period} for the last block to come again (the sign that its ACK was lost) and answers it again,
     * at most {@code retries} times (RFC 1350 §6: the last acknowledger "will wait for a while").
     */
    void dally(Duration period) throws IOException {
        try {
            for (int i = 0; i < retries && awaitAnswer(Opcode.DATA, lastBlock, period) != null; i++) {
                send(lastAck, client);
            }
        } catch (TransferFailed e) {
            // The file is complete and in place: what the client says after its last block changes nothing.
        }
    }

    /** Sends the client an error that ends the transfer, and returns the failure for its line. */
    TransferFailed abort(TftpException error) throws IOException {
        send(PacketCodec.error(error.code(), error.reason()), client);
        return new TransferFailed(error.reason() + "; " + error.code() + " sent to the client");
    }

    /**
     * Sends {@code packet}, then waits for the answer: the {@code kind} packet ({@code ACK} or {@code DATA})
     * numbered {@code block}. Sends it again after each timeout without an answer.
     */
    private Packet exchange(ByteBuffer packet, Opcode kind, int block, String awaited)
            throws IOException, TransferFailed {
        for (int tries = 1; ; tries++) {
            send(packet, client);
            Packet answer = awaitAnswer(kind, block, options.timeout());
            if (answer != null) {
                return answer;
            }
            if (tries > retries) {
                throw new TransferFailed("no " + awaited + " after " + tries + " tries, "
                        + options.timeout().toSeconds() + " s apart");
            }
            retransmissions++;
        }
    }

    /** Receives until the client's {@code kind} packet numbered {@code block} comes (returned) or a timeout (null). */
    private Packet awaitAnswer(Opcode kind, int block, Duration timeout) throws IOException, TransferFailed {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) left);
            try {
                socket.receive(incoming);
            } catch (SocketTimeoutException e) {
                return null;
            }
            InetSocketAddress from = (InetSocketAddress) incoming.getSocketAddress();
            if (!from.equals(client)) {
                send(PacketCodec.error(ErrorCode.UNKNOWN_TID, "this port serves another transfer"), from);
                messages.unknownTid(from, client);
                continue;
            }
            Packet packet;
            try {
                packet = PacketCodec.decode(ByteBuffer.wrap(incoming.getData(), 0, incoming.getLength()));
            } catch (TftpException e) {
                throw abort(e);
            }
            if (packet instanceof ErrorPacket error) {
                throw new TransferFailed("the client sent " + error.code() + ": '" + error.message() + "'");
            }
            int number;
            if (kind == Opcode.ACK && packet instanceof Ack ack) {
                number = ack.block();
            } else if (kind == Opcode.DATA && packet instanceof Data data) {
                number = data.block();
            } else {
                throw abort(new TftpException(
                        ErrorCode.ILLEGAL_OPERATION,
                        packet.opcode() + " in a " + (kind == Opcode.ACK ? "read" : "write") + " transfer"));
            }
            if (number == block) {
                return packet;
            }
            // Any other number is a duplicate or a late packet: ignored, never answered (Sorcerer's Apprentice).
        }
    }

    private void send(ByteBuffer packet, InetSocketAddress to) throws IOException {
        socket.send(
                new DatagramPacket(packet.array(), packet.arrayOffset() + packet.position(), packet.remaining(), to));
    }

    private Stats stats(long bytes, long blocks) {
        return new Stats(bytes, blocks, retransmissions, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * What a transfer moved.
     *
     * @param bytes the file's bytes (netascii: as on the wire)
     * @param blocks DATA packets, the last one included, retransmissions not
     * @param retransmissions packets sent again after a timeout
     * @param elapsed from the request to the last block's ACK
     */
    record Stats(long bytes, long blocks, int retransmissions, Duration elapsed) {}
}
