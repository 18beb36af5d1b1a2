package org.socketlab.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.socketlab.echo.EchoHandler;
import org.socketlab.server.BlockingServer;
import org.socketlab.server.ConnectionExecutors;
import org.socketlab.server.ServerConfig;
import org.socketlab.server.ServerListener;

/**
 * {@code java -cp CLASSPATH org.socketlab.testkit.EchoCommand MODE PORT}: an echo server run as a command, for the
 * scenarios that need a process of its own. MODE {@code thread} is the project's thread-per-connection server;
 * {@code exits-on-emfile} and {@code stops-accepting-on-emfile} are built to fail the descriptor limit.
 */
final class EchoCommand {
    private EchoCommand() {}

    /** The command line that runs MODE on a port, with this JVM's launcher and class path. */
    static List<String> line(String mode, int port) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                EchoCommand.class.getName(),
                mode,
                String.valueOf(port));
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (mode.equals("thread")) {
            // No cap below the open-files limit, so that accept() meets EMFILE.
            ServerConfig config =
                    ServerConfig.of(port).withBindAddress(loopback).withMaxConnections(100_000);
            BlockingServer server = new BlockingServer(
                    config, EchoHandler::new, new ServerListener() {}, 1, ConnectionExecutors.threadPerConnection());
            server.start();
            server.run();
            return;
        }
        boolean exits = mode.equals("exits-on-emfile");
        try (ServerSocket listener = new ServerSocket(port, 50, loopback)) {
            while (true) {
                Socket client;
                try {
                    client = listener.accept();
                } catch (IOException tooManyOpenFiles) {
                    if (exits) {
                        System.exit(1);
                    }
                    new CountDownLatch(1).await(); // never accepts again; the connections it has go on
                    return;
                }
                Thread echo = new Thread(() -> echo(client), "echo-" + client.getPort());
                echo.start();
            }
        }
    }

    private static void echo(Socket client) {
        try (client) {
            client.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException e) {
            // the client went away: this connection only
        }
    }
}
