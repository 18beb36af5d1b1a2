package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The library's lines state the fact alone; a program's lines also name the switch that changes it. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LabMessagesTest {
    private static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 52589);
    private static final Switches PROGRAM = new Switches(Map.of(
            Switches.Setting.BUFFER, "--buffer",
            Switches.Setting.MAX_CONNECTIONS, "--max-connections",
            Switches.Setting.NO_CLOSE_FAULT, "--fault no-close"));

    @Test
    void theLibrarysLinesNameNoSwitch() {
        List<String> lines = linesOf(Switches.NONE);
        assertThat(lines).noneMatch(line -> line.contains("--"));
        assertThat(lines)
                .containsExactly(
                        "Datagram from 127.0.0.1 remote port 52589: 6 bytes received, 3 echoed, 3 lost: the receive"
                                + " buffer holds 3 bytes, the rest of the datagram is cut",
                        "Connection from 127.0.0.1 remote port 52589 ended by the client: 5 bytes echoed; the active"
                                + " socket is NOT closed");
    }

    @Test
    void aProgramsLinesNameItsSwitches() {
        assertThat(linesOf(PROGRAM))
                .containsExactly(
                        "Datagram from 127.0.0.1 remote port 52589: 6 bytes received, 3 echoed, 3 lost: the receive"
                                + " buffer holds 3 bytes (--buffer), the rest of the datagram is cut",
                        "Connection from 127.0.0.1 remote port 52589 ended by the client: 5 bytes echoed; the active"
                                + " socket is NOT closed (--fault no-close)");
    }

    @Test
    void outOfDescriptorsTheProgramAddsItsConnectionLimitToUlimit() {
        assertThat(emfileLine(Switches.NONE))
                .endsWith("are in use); raise the limit with ulimit -n: new clients wait"
                        + " in the backlog; accept() paused for 1000 ms at a time until it works again");
        assertThat(emfileLine(PROGRAM)).contains("raise the limit with ulimit -n, or lower --max-connections: ");
    }

    private static List<String> linesOf(Switches switches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabMessages messages = new LabMessages(new PrintStream(out, true, StandardCharsets.UTF_8), "", switches);
        messages.datagramEchoed(PEER, 6, 3);
        messages.leftOpen(PEER, 5);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String emfileLine(Switches switches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LabMessages(new PrintStream(out, true, StandardCharsets.UTF_8), "", switches)
                .acceptFailed(new IOException("Too many open files"), Duration.ofSeconds(1));
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
