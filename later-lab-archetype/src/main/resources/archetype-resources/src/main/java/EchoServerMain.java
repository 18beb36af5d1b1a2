package ${package};

import java.io.IOException;
import java.net.BindException;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ListeningSockets;
import org.socketlab.server.ServerConfig;

/**
 * {@code java -cp ... EchoServerMain PORT}: the echo server on every IPv4 address and PORT, printing the lab's lines,
 * until CTRL-C. Exit status 2 for a bad command line, 1 when the port cannot be bound.
 */
public final class EchoServerMain {
    private EchoServerMain() {}

    public static void main(String[] args) throws IOException {
        ServerConfig config;
        try {
            config = ServerConfig.of(Integer.parseInt(args.length == 1 ? args[0] : ""));
        } catch (IllegalArgumentException e) {
            System.err.println("usage: java " + EchoServerMain.class.getName() + " PORT (a port from 0 to 65535)");
            System.exit(2);
            return;
        }
        EchoServer server = new EchoServer(config, new LabMessages(System.out, ""));
        try {
            server.start();
        } catch (BindException e) {
            System.err.println("echo server: " + ListeningSockets.explainBindFailure(config, e));
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown")); // CTRL-C closes the server
        server.run();
    }
}
