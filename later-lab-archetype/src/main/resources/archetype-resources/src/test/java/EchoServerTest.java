package ${package};

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.socketlab.testkit.EchoServerContract;
import org.socketlab.testkit.Expectation;
import org.socketlab.testkit.ServerUnderTest;

/**
 * The lab's scenarios against your program, {@link EchoServerMain}, started anew on a free port for each: byte-exact
 * echo, four clients served at once, the server's FIN after the client's, a client that resets, idle clients, a slow
 * reader, the descriptor limit (100 clients against {@code prlimit --nofile=64}), nothing left running after it
 * stops. A server that serves one client at a time, or forgets close(), fails here.
 */
class EchoServerTest extends EchoServerContract {

    @Override
    protected ServerUnderTest startServer() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path"); // target/classes and the dependencies
        return ServerUnderTest.command(
                port -> List.of(java, "-cp", classPath, EchoServerMain.class.getName(), String.valueOf(port)));
    }

    @Override
    protected Expectation expectation() {
        return Expectation.concurrent(4); // labs 2 and 3: four clients at once, none waiting for another
    }
}
