import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The reference for echo-server.jar: a plain JDK sequential accept loop with the same lab lines (the waiting line,
 * then two per connection) and nothing else. usage: java PlainEchoServer PORT [BACKLOG]
 */
public final class PlainEchoServer {
    public static void main(String[] args) throws IOException {
        ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.INET);
        listening.bind(new InetSocketAddress(Integer.parseInt(args[0])), args.length > 1 ? Integer.parseInt(args[1]) : 50);
        System.out.println("Waiting for incoming connections at port "
                + ((InetSocketAddress) listening.getLocalAddress()).getPort() + " (pid " + ProcessHandle.current().pid()
                + ")");
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            try (SocketChannel client = listening.accept()) {
                InetSocketAddress peer = (InetSocketAddress) client.getRemoteAddress();
                String from = peer.getAddress().getHostAddress() + " remote port " + peer.getPort();
                System.out.println("Incoming connection from " + from);
                long echoed = 0;
                while (client.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        echoed += client.write(buffer);
                    }
                }
                System.out.println("Connection from " + from + " closed: " + echoed + " bytes echoed");
            } catch (IOException e) {
                System.out.println("Connection failed: " + e.getMessage());
            }
        }
    }
}
