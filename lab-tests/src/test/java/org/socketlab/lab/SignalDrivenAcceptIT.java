package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.lab.Experiments.awaitListening;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.concurrent.posix.SigioServer;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;

/**
 * Lab 3, question 2, demand-accept.c: "a SIGIO server (O_ASYNC|O_NONBLOCK plus F_SETOWN). Its handler accepts,
 * sends and closes." The signal is real: the kernel's caught-signal mask shows it, and strace the fcntl calls.
 */
@LabExperiment
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SignalDrivenAcceptIT {
    private static final int SIGIO = 29;

    @Test
    void theProcessCatchesSigioAndGreetsAClient(Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = awaitListening(lab.serverModel("sigio", String.valueOf(port)), port);
        String sigCgt = Files.readAllLines(Path.of("/proc", String.valueOf(server.pid()), "status")).stream()
                .filter(l -> l.startsWith("SigCgt:"))
                .findFirst()
                .orElseThrow();
        BigInteger caught = new BigInteger(sigCgt.substring("SigCgt:".length()).trim(), 16);
        assertThat(caught.testBit(SIGIO - 1)).as("SIGIO (29) in " + sigCgt).isTrue();
        assertThat(greeting(port)).isEqualTo(SigioServer.GREETING);
    }

    @Test
    void straceShowsFsetownAndOasyncAndAcceptsWithoutEpoll(Lab lab) throws Exception {
        int port = lab.freePort();
        Strace traced = Strace.serverModel(
                lab, false, "fcntl,accept,accept4,epoll_wait,epoll_pwait,epoll_create1", "sigio", String.valueOf(port));
        awaitListening(traced.process(), port);
        for (int i = 0; i < 3; i++) {
            assertThat(greeting(port)).isEqualTo(SigioServer.GREETING);
        }
        traced.stop();
        List<String> calls = traced.calls();
        assertThat(calls).anyMatch(l -> l.contains("fcntl(") && l.contains("F_SETOWN"));
        // strace spells O_ASYNC by its other name, FASYNC.
        assertThat(calls)
                .anyMatch(l -> l.contains("F_SETFL") && l.matches(".*(O_ASYNC|FASYNC).*") && l.contains("O_NONBLOCK"));
        assertThat(calls).anyMatch(l -> l.contains("--- SIGIO {"));
        assertThat(calls.stream().filter(l -> l.matches("^\\d+\\s+accept4?\\(.*= \\d+$")))
                .as("accepts that returned a connection")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(calls).noneMatch(l -> l.contains("epoll_"));
    }

    private static String greeting(int port) throws IOException {
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ByteBuffer in = ByteBuffer.allocate(64);
            while (c.read(in) >= 0) {
                // until the server closes
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
    }
}
