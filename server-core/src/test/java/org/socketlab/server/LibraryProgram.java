package org.socketlab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.socketlab.echo.EchoHandler;

/**
 * A program on the library as a later lab writes one, run by a test in a child JVM with or without the JVM options
 * and without an SLF4J backend: a sequential server on loopback with the lab's lines, one client that echoes a line
 * and closes, then one that sends 7 bytes and closes before their echo comes back.
 */
final class LibraryProgram {
    private LibraryProgram() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch twoDone = new CountDownLatch(2);
        LabMessages lab = new LabMessages(System.out, "");
        ServerListener listener = new ServerListener() {
            @Override
            public void listening(java.net.InetSocketAddress local) {
                lab.listening(local);
            }

            @Override
            public void closed(java.net.InetSocketAddress peer, long bytesEchoed) {
                lab.closed(peer, bytesEchoed);
                twoDone.countDown();
            }

            @Override
            public void failed(java.net.InetSocketAddress peer, long bytesEchoed, IOException cause) {
                lab.failed(peer, bytesEchoed, cause);
                twoDone.countDown();
            }
        };
        try (BlockingServer server = BlockingServer.sequential(
                ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress()), EchoHandler::new, listener)) {
            var address = server.start();
            Thread loop = new Thread(server::run, "accept-loop");
            loop.start();
            try (SocketChannel client = SocketChannel.open(address)) {
                echo(client, "hello\n");
                client.shutdownOutput();
                client.read(ByteBuffer.allocate(1)); // the server's FIN
            }
            try (SocketChannel gone = SocketChannel.open(address)) {
                gone.write(ByteBuffer.wrap("7 bytes".getBytes(StandardCharsets.US_ASCII)));
            } // closed before its echo came back: its kernel answers the echo with a RST
            if (!twoDone.await(10, TimeUnit.SECONDS)) {
                System.out.println("the server reported fewer than two connections within 10 s");
            }
        }
    }

    private static void echo(SocketChannel client, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        client.write(bytes);
        ByteBuffer back = ByteBuffer.allocate(bytes.capacity());
        while (back.hasRemaining() && client.read(back) >= 0) {}
    }
}
