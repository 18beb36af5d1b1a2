package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;
import org.socketlab.options.TcpState;

/**
 * {@code echo-server --inetd}: the one connection on standard input, accepted by another program, as inetd,
 * systemd's socket activation and socat's {@code EXEC:} hand it over. Standard output is the connection: nothing
 * but the echo may appear in it.
 */
@LabExperiment
class InetdIT {

    @Test
    void underSystemdSocketActivateEveryByteComesBackAndNothingElse(Lab lab) throws IOException {
        Requirements.tools("systemd-socket-activate");
        int port = lab.freePort();
        List<String> command =
                new ArrayList<>(List.of("systemd-socket-activate", "--inetd", "-a", "-l", "127.0.0.1:" + port));
        command.addAll(lab.javaCommand(List.of("-XX:TieredStopAtLevel=1"), lab.serverJar(), "--inetd"));
        LabProcess activator = lab.start("systemd-socket-activate", command);
        activator.awaitErrLine("Listening on 127.0.0.1:" + port, WAIT);
        assertByteExactEcho(port, activator);
    }

    /**
     * With {@code nofork}, socat's child for the connection execs the program with the TCP socket itself on 0 and 1.
     * Without it socat relays through a socketpair and gives up half a second (-t) after the client's EOF, before a
     * JVM has started.
     */
    @Test
    void underSocatEveryByteComesBackAndNothingElse(Lab lab) throws IOException {
        Requirements.tools("socat");
        int port = lab.freePort();
        // No JVM option: socat would take the ':' of -XX:... for the end of its address.
        String child = String.join(" ", lab.javaCommand(List.of(), lab.serverJar(), "--inetd"));
        LabProcess socat = lab.start(
                "socat",
                List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "EXEC:" + child + ",nofork"));
        await().atMost(WAIT)
                .until(() -> lab.kernel().connections().stream()
                        .anyMatch(k -> k.local().getPort() == port && k.state() == TcpState.LISTEN));
        assertByteExactEcho(port, socat);
    }

    @Test
    void withoutASocketOnStandardInputItSaysSoInOneLineAndExits2(Lab lab) {
        LabProcess server = lab.server("--inetd"); // standard input is a pipe
        assertThat(server.awaitExit(WAIT)).isEqualTo(2);
        assertThat(server.stdoutLines()).isEmpty();
        assertThat(server.stderrLines())
                .singleElement()
                .asString()
                .startsWith("echo-server: standard input is a terminal, a file or a pipe, not a connected socket");
    }

    /** Every byte value, 20 KiB in all, then a half-close: exactly those bytes come back, then EOF. */
    private static void assertByteExactEcho(int port, LabProcess launcher) throws IOException {
        byte[] sent = new byte[20 * 1024];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 7);
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ByteBuffer out = ByteBuffer.wrap(sent);
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (out.hasRemaining()) {
                client.write(out);
            }
            client.shutdownOutput();
            while (client.read(in) >= 0) {
                received.write(in.array(), 0, in.position());
                in.clear();
            }
        }
        assertThat(received.toByteArray())
                .as("the echo through %s, whose stderr is %s", launcher, launcher.stderrLines())
                .isEqualTo(sent);
    }
}
