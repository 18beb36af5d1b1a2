package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A TFTP client by hand on loopback: sends the bytes a test builds and reads back datagrams, with their source
 * port, so that a test can play a client that loses, repeats or forges packets.
 */
final class WireClient implements AutoCloseable {
    private final DatagramSocket socket;

    WireClient() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A datagram received: who sent it (the port) and its bytes. */
    record Reply(int port, byte[] bytes) {
        int opcode() {
            return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        }

        /** The block number of a DATA or ACK, the code of an ERROR. */
        int number() {
            return ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        }

        byte[] payload() {
            return Arrays.copyOfRange(bytes, 4, bytes.length);
        }

        /** The text after the opcode (an OACK's options) or after the code (an ERROR's message). */
        String text(int from) {
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        }

        Reply assertData(int block) {
            assertThat(opcode()).as("opcode (3 = DATA) of " + this).isEqualTo(3);
            assertThat(number()).as("block number").isEqualTo(block);
            return this;
        }

        Reply assertError(ErrorCode code) {
            assertThat(opcode()).as("opcode (5 = ERROR) of " + this).isEqualTo(5);
            assertThat(number()).as("error code, message '" + text(4) + "'").isEqualTo(code.code());
            return this;
        }

        @Override
        public String toString() {
            return "datagram from port " + port + ": " + text(0).replace('\0', '|') + " " + bytes.length + " bytes";
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(int port, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    void send(int port, ByteBuffer packet) throws IOException {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        send(port, bytes);
    }

    void ack(int port, int block) throws IOException {
        send(port, PacketCodecTest.bytes(0, 4, block >> 8, block));
    }

    /** The next datagram, failing the test if none comes within {@code timeout}. */
    Reply receive(Duration timeout) throws IOException {
        Reply reply = poll(timeout);
        assertThat(reply).as("a datagram within " + timeout).isNotNull();
        return reply;
    }

    /** The next datagram, or null if none comes within {@code timeout}. */
    Reply poll(Duration timeout) throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Reply(packet.getPort(), Arrays.copyOf(buffer, packet.getLength()));
    }

    @Override
    public void close() {
        socket.close();
    }
}
