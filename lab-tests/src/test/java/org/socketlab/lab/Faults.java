package org.socketlab.lab;

import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/** Steps the fault experiments share: any server model on any host, clients fed from files, byte-exact checks. */
final class Faults {
    /** Small, quick JVMs, as {@link Lab} starts them: the experiments run many on two cores. */
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Pattern WAITING = Pattern.compile("^Waiting for incoming connections at port (\\d+)");

    private Faults() {}

    /**
     * Starts a server of {@code model} on {@code host} (sequential: echo-server.jar; any other: concurrent-server.jar
     * {@code --model MODEL}) on port 0 and waits until it listens; read the port with {@link #port}.
     */
    static LabProcess server(Lab lab, Host host, String model, String... options) {
        List<String> args = new ArrayList<>();
        String jar = lab.serverJar();
        if (!model.equals("sequential")) {
            jar = Lab.concurrentServerJar();
            args.addAll(List.of("--model", model));
        }
        args.addAll(List.of(options));
        args.add("0");
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(lab.javaCommand(JVM, jar, args.toArray(String[]::new)));
        LabProcess server = lab.start(model + " server", command);
        port(server);
        return server;
    }

    /** The port a server listens on, from its waiting line (waits for it). */
    static int port(LabProcess server) {
        return Integer.parseInt(server.awaitLine(WAITING.pattern(), WAIT).group(1));
    }

    /** {@code echo-client.jar OPTIONS ADDRESS PORT < in > out} on {@code host}; status lines on its stderr. */
    static LabProcess clientFromFile(
            Lab lab, Host host, Path in, Path out, String address, int port, String... options) {
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(lab.javaCommand(JVM, lab.clientJar(), options));
        command.addAll(List.of(address, String.valueOf(port)));
        StringBuilder script = new StringBuilder("exec");
        command.forEach(word -> script.append(" '").append(word).append('\''));
        script.append(" < '").append(in).append("' > '").append(out).append('\'');
        return lab.start("client", List.of("bash", "-c", script.toString()));
    }

    /**
     * Writes {@code size} pseudo-random bytes from {@code seed} with no newline among them, so that the echo client
     * sends them in its largest pieces (8 KiB) rather than one short line per round trip.
     *
     * @return their SHA-256, in hex
     */
    static String writeRandomBytes(Path file, long size, long seed) throws IOException {
        MessageDigest sha = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                for (int i = 0; i < chunk.length; i++) {
                    if (chunk[i] == '\n') {
                        chunk[i] = ' ';
                    }
                }
                int n = (int) Math.min(chunk.length, size - written);
                sha.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 of a file, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] chunk = new byte[64 << 10];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                sha.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
