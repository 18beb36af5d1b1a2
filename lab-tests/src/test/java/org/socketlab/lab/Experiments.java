package org.socketlab.lab;

import static org.socketlab.lab.fixture.Lab.WAIT;

import java.util.ArrayList;
import java.util.List;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/** Steps the experiments share: start a server and wait until it listens, start a client and learn its port. */
final class Experiments {

    private Experiments() {}

    /** Starts the server on {@code port} with {@code options} and waits for its waiting line. */
    static LabProcess listeningServer(Lab lab, Host host, int port, String... options) {
        return awaitListening(lab.server(host, withPort(options, port)), port);
    }

    /** The options followed by the port: a server's command-line arguments. */
    static String[] withPort(String[] options, int port) {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = String.valueOf(port);
        return args;
    }

    /** Waits for the server's line that it listens on {@code port}; returns the server. */
    static LabProcess awaitListening(LabProcess server, int port) {
        int listening = server.listeningPort();
        if (listening != port) {
            throw new AssertionError(server + " listens on port " + listening + ", expected " + port);
        }
        return server;
    }

    static LabProcess listeningServer(Lab lab, int port, String... options) {
        return listeningServer(lab, Host.LOOPBACK, port, options);
    }

    /** A client connected to the server; see {@link #localPort}. */
    static LabProcess connectedClient(
            Lab lab, Host host, String name, String serverAddress, int port, String... options) {
        String[] args = new String[options.length + 2];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = serverAddress;
        args[options.length + 1] = String.valueOf(port);
        LabProcess client = lab.client(host, name, args);
        localPort(client);
        return client;
    }

    static LabProcess connectedClient(Lab lab, String name, int port) {
        return connectedClient(lab, Host.LOOPBACK, name, "127.0.0.1", port);
    }

    /** The client's local port, from its "client: connected from ADDRESS port N" line (waits for it). */
    static int localPort(LabProcess client) {
        return Integer.parseInt(client.awaitErrLine("^client: connected from \\S+ port (\\d+)$", WAIT)
                .group(1));
    }

    /** The server's line for an accepted client: returns the client's port. */
    static int acceptedPort(LabProcess server) {
        return Integer.parseInt(server.awaitLine("^Incoming connection from \\S+ remote port (\\d+)$", WAIT)
                .group(1));
    }

    /** Sends a line and waits for its echo on the client's stdout. */
    static void echo(LabProcess client, String line) {
        client.send(line + "\n");
        client.awaitLine("^" + java.util.regex.Pattern.quote(line) + "$", WAIT);
    }

    /**
     * The command behind {@code env --default-signal=INT}: a background job inherits SIGINT ignored, and a JVM
     * keeps an ignored SIGINT ignored, as any Unix program should; the test must not depend on how it was started.
     */
    static List<String> withDefaultSigint(List<String> command) {
        List<String> withEnv = new ArrayList<>(List.of("env", "--default-signal=INT"));
        withEnv.addAll(command);
        return withEnv;
    }
}
