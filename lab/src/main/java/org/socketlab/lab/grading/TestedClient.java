package org.socketlab.lab.grading;

import java.util.List;

/**
 * A student's echo client, e.g. {@code ./EchoClient {host} {port}}: started with {@code bash -c "exec COMMAND"},
 * the placeholders replaced, so that its pid is the client's.
 */
public record TestedClient(String command) {

    /** @throws IllegalArgumentException if the command lacks {@code {host}} or {@code {port}} */
    public TestedClient {
        if (!command.contains("{host}") || !command.contains("{port}")) {
            throw new IllegalArgumentException(
                    "--client-cmd needs {host} and {port} where they go, e.g. './EchoClient {host} {port}'");
        }
    }

    /** The command line for a server's address. */
    public List<String> commandLine(String host, int port) {
        return List.of("bash", "-c", "exec " + command.replace("{host}", host).replace("{port}", String.valueOf(port)));
    }
}
