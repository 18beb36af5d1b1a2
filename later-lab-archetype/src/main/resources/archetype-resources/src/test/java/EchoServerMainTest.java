package ${package};

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The program as you run it, a process of its own: the lab's lines on standard output, a mistake in one line. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoServerMainTest {

    @Test
    void printsTheLabsLinesForEachClient() throws Exception {
        Process server = java("0"); // port 0: the kernel picks a free one, and the waiting line names it
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8))) {
            String waiting = lines.readLine();
            assertTrue(waiting.startsWith("Waiting for incoming connections at port "), waiting);
            int port = Integer.parseInt(waiting.split(" ")[6]);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.getOutputStream().write("hello\n".getBytes(UTF_8));
                client.shutdownOutput(); // the client's EOF: the server echoes, then closes
                assertArrayEquals(
                        "hello\n".getBytes(UTF_8), client.getInputStream().readAllBytes());
            }
            String incoming = lines.readLine();
            assertTrue(incoming.startsWith("Incoming connection from 127.0.0.1 remote port "), incoming);
            String closed = lines.readLine();
            assertTrue(closed.endsWith(" closed: 6 bytes echoed"), closed);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void aBadPortIsOneLineAndStatus2() throws Exception {
        Process server = java("80000");
        String said = new String(server.getErrorStream().readAllBytes(), UTF_8);
        assertEquals(2, server.waitFor());
        assertEquals("usage: java " + EchoServerMain.class.getName() + " PORT (a port from 0 to 65535)\n", said);
    }

    private static Process java(String port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), EchoServerMain.class.getName(), port)
                .start(); // the lab's lines on standard output, mistakes on standard error
    }
}
