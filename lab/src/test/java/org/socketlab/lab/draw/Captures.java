package org.socketlab.lab.draw;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The captures kept in {@code src/test/resources/tcpdump}, each made on loopback as its README.md describes. */
final class Captures {

    private Captures() {}

    static List<String> lines(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/tcpdump/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedCapture parse(String name) {
        return TcpdumpParser.parse(lines(name));
    }
}
