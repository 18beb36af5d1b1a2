package org.socketlab.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/**
 * The lab's third-party TFTP clients (tftp-hpa's {@code tftp}, {@code atftp}, {@code curl}) and the server jar as
 * child processes, as a student runs them.
 */
final class Clients {
    /** How long one client may take: the largest download (40 MiB at 512-byte blocks) takes a few seconds. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private Clients() {}

    /** What a client did: its exit status and what it printed. */
    record Result(int exit, List<String> stdout, List<String> stderr) {
        String output() {
            return String.join("\n", stdout) + "\n" + String.join("\n", stderr);
        }
    }

    /** A bench whose "server jar" is tftp-server.jar. */
    static Lab lab() {
        String jar = System.getProperty("tftp.server.jar", "target/tftp-server.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    jar + " does not exist: build it first (./mvnw -q package -pl file-server " + "-am -DskipTests)");
        }
        return new Lab(jar, jar);
    }

    /** The server jar running, and the port its first line names. */
    record Server(LabProcess process, int port) {
        /** Waits for the server's line containing {@code text}; returns the whole line. */
        String awaitLine(String text) {
            return process.awaitLine(".*" + Pattern.quote(text) + ".*", Lab.WAIT)
                    .group();
        }
    }

    /** Starts {@code java -jar tftp-server.jar ARGS} on a host, once it waits for requests. */
    static Server startServer(Lab lab, Host host, String... args) {
        LabProcess server = lab.server(host, args);
        int port = Integer.parseInt(server.awaitLine("Waiting for TFTP requests at port (\\d+)", Lab.WAIT)
                .group(1));
        return new Server(server, port);
    }

    /** The command that downloads {@code remote} to {@code local} with {@code client} (octet mode). */
    static List<String> get(String client, String host, int port, String remote, Path local, String... extra) {
        List<String> command = new ArrayList<>();
        switch (client) {
            case "tftp" ->
                command.addAll(List.of(
                        "tftp", "-m", "octet", host, Integer.toString(port), "-c", "get", remote, local.toString()));
            case "atftp" -> {
                command.add("atftp");
                command.addAll(List.of(extra));
                command.addAll(List.of("-g", "-r", remote, "-l", local.toString(), host, Integer.toString(port)));
            }
            case "curl" -> {
                command.addAll(List.of("curl", "-sS"));
                command.addAll(List.of(extra));
                command.addAll(List.of("-o", local.toString(), "tftp://" + host + ":" + port + "/" + remote));
            }
            default -> throw new IllegalArgumentException(client);
        }
        return command;
    }

    /** The command that uploads {@code local} as {@code remote}. */
    static List<String> put(String client, String host, int port, Path local, String remote) {
        return switch (client) {
            case "tftp" ->
                List.of("tftp", "-m", "octet", host, Integer.toString(port), "-c", "put", local.toString(), remote);
            case "atftp" -> List.of("atftp", "-p", "-l", local.toString(), "-r", remote, host, Integer.toString(port));
            case "curl" -> List.of("curl", "-sS", "-T", local.toString(), "tftp://" + host + ":" + port + "/" + remote);
            default -> throw new IllegalArgumentException(client);
        };
    }

    /** Runs a command on a host to its end. */
    static Result run(Lab lab, Host host, List<String> command) {
        return run(lab, host, command, LIMIT);
    }

    /** {@link #run(Lab, Host, List)} with a bound of its own, for a transfer whose losses each cost a timeout. */
    static Result run(Lab lab, Host host, List<String> command, Duration limit) {
        List<String> full = new ArrayList<>(host.prefix());
        full.addAll(command);
        LabProcess p = lab.start(command.get(0), full);
        int exit = p.awaitExit(limit);
        return new Result(exit, p.stdoutLines(), p.stderrLines());
    }

    /** A file of {@code size} random bytes (seeded: the same bytes every run). */
    static Path randomFile(Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(file, bytes);
    }

    /** The file's SHA-256, in hex, or "absent". */
    static String sha256(Path file) {
        if (!Files.exists(file)) {
            return "absent";
        }
        try (DigestInputStream in =
                new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a downloaded file is byte for byte the served one. */
    static void assertSameBytes(Path served, Path fetched, String what) {
        assertThat(sha256(fetched))
                .as(what + ": SHA-256 of " + fetched + " vs " + served)
                .isEqualTo(sha256(served));
    }
}
