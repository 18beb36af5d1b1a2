package ${package};

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.socketlab.echo.ConnectionFailedException;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.AbstractServer;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.Quietly;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerListener;

/**
 * Lab 2's echo server: a thread per connection, so that a second client is echoed while the first is still
 * connected. The accept loop ({@code serve()}) and one connection's life ({@code echo(client)}) are the lesson; the
 * life cycle (start, run, close, each once) is the library's {@link AbstractServer}. The handout's steps:
 *
 * <pre>
 *   1-5. socket(), setsockopt(), bind(), listen(backlog)     open()
 *   6.   accept(): the next connection, an active socket     serve()
 *   7.   read()/write() on it until the client's EOF         echo(client), on the client's own thread
 *   8.   close() of the active socket: the server's FIN      echo(client)
 *   9.   back to accept(), while the client's thread serves  serve()
 * </pre>
 *
 * <p>{@link #close()} closes the listening socket, so that accept() fails and {@code serve()} returns, and every
 * connection still served.
 */
public final class EchoServer extends AbstractServer {
    private final ServerConfig config;
    /** The connections being served, closed by {@link #close()}. */
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();

    private ServerSocketChannel listening;

    /**
     * @param config the port (0 for one the kernel picks), the backlog and the socket options
     * @param listener told of each event: {@code new LabMessages(System.out, "")} prints the lab's lines
     */
    public EchoServer(ServerConfig config, ServerListener listener) {
        super(listener);
        this.config = config;
    }

    @Override
    protected InetSocketAddress open() throws IOException {
        listening = ListeningSockets.open(config); // 1-5. socket(), setsockopt(), bind(), listen(backlog)
        InetSocketAddress local = (InetSocketAddress) listening.getLocalAddress();
        listener.listening(local); // "Waiting for incoming connections at port ..."
        return local;
    }

    @Override
    protected void serve() {
        long accepted = 0;
        while (true) {
            SocketChannel client;
            try {
                client = listening.accept(); // 6. accept(): blocks until a client connects; its active socket
            } catch (ClosedChannelException e) {
                return; // close() closed the listening socket
            } catch (IOException e) {
                acceptFailures.pauseAfter(e); // EMFILE: the client waits in the backlog; try again after a pause
                continue;
            }
            acceptFailures.succeeded();
            clients.add(client);
            if (isClosed()) { // close() came meanwhile and has closed the others: this one too
                Quietly.close(client);
                return;
            }
            // Lab 2: a thread of its own serves the client, and this one goes back to 9. accept() at once.
            new Thread(() -> echo(client), "connection-" + ++accepted).start();
        }
    }

    /** Steps 7 and 8 for one client. A failure closes this connection only. */
    private void echo(SocketChannel client) {
        InetSocketAddress peer = null;
        try {
            peer = (InetSocketAddress) client.getRemoteAddress();
            listener.accepted(peer); // "Incoming connection from 127.0.0.1 remote port 52589"
            long echoed = new EchoHandler().serve(client, client); // 7. read() and write() until the client's EOF
            client.close(); // 8. close(): the server's FIN
            listener.closed(peer, echoed); // "Connection from ... closed: 12 bytes echoed"
        } catch (ConnectionFailedException e) {
            failed(client, peer, e.bytesServed(), e.getCause());
        } catch (IOException e) {
            failed(client, peer, 0, e);
        } finally {
            clients.remove(client);
        }
    }

    /** Closes the connection and says why, unless {@link #close()} closed it. */
    private void failed(SocketChannel client, InetSocketAddress peer, long echoed, IOException cause) {
        Quietly.close(client);
        if (!(cause instanceof ClosedChannelException && isClosed())) { // closed by close(), during a read or before it
            listener.failed(peer, echoed, cause); // "Connection from ... failed after 7 bytes echoed: ..."
        }
    }

    @Override
    public int liveConnections() {
        return clients.size();
    }

    @Override
    protected void shutDown(boolean running) {
        Quietly.close(listening);
        clients.forEach(Quietly::close);
    }
}
