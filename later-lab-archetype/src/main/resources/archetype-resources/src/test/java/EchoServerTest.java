package ${package};

import java.io.IOException;
import java.net.InetAddress;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerListener;
import org.socketlab.testkit.EchoServerContract;
import org.socketlab.testkit.Expectation;
import org.socketlab.testkit.ServerUnderTest;

/**
 * The lab's scenarios against {@link EchoServer}, a new server for each: byte-exact echo, four clients served at
 * once, the server's FIN after the client's, a client that resets, idle clients, a slow reader, nothing left running
 * after close. A server that serves one client at a time, or forgets close(), fails here.
 */
class EchoServerTest extends EchoServerContract {

    @Override
    protected ServerUnderTest startServer() throws IOException {
        ServerConfig loopbackAnyPort = ServerConfig.of(0).withBindAddress(InetAddress.getLoopbackAddress());
        return ServerUnderTest.start(new EchoServer(loopbackAnyPort, new ServerListener() {}));
    }

    @Override
    protected Expectation expectation() {
        return Expectation.concurrent(4); // labs 2 and 3: four clients at once, none waiting for another
    }
}
