package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.socketlab.lab.Experiments.awaitListening;
import static org.socketlab.lab.Experiments.connectedClient;
import static org.socketlab.lab.Experiments.echo;
import static org.socketlab.lab.Experiments.listeningServer;
import static org.socketlab.lab.fixture.Lab.WAIT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketlab.concurrent.GreetingServer;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;

/** The I/O lab's demos: the asynchronous greeting server and the polling client. */
@LabExperiment
class Lab3InputOutputIT {

    /** The C handler accepts once per signal and lost one of 20; both models accept every connection waiting. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"greeting", "sigio"})
    void aBurstOf20ConnectionsGets20Greetings(String model, Lab lab) throws Exception {
        int port = lab.freePort();
        LabProcess server = lab.serverModel(model, String.valueOf(port));
        awaitListening(server, port);
        List<CompletableFuture<String>> greetings = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            greetings.add(CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                    ByteBuffer in = ByteBuffer.allocate(64);
                    while (c.read(in) >= 0) {
                        // until the server closes
                    }
                    return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        for (CompletableFuture<String> g : greetings) {
            assertThat(g.get(20, TimeUnit.SECONDS)).isEqualTo(GreetingServer.GREETING);
        }
        await().atMost(WAIT)
                .until(() -> server.stdoutLines().stream()
                                .filter(l -> l.endsWith("closed: 16 bytes sent"))
                                .count()
                        == 20);
    }

    @Test
    void thePollingClientCountsPollsWhileItsEchoIsDelayedAndTheBlockingOneDoesNotPoll(Lab lab) {
        int port = lab.freePort();
        listeningServer(lab, port);
        LabProcess busy = connectedClient(lab, "client A", port);
        echo(busy, "A holds the sequential server");
        LabProcess polling = lab.client("polling client", "--nonblocking", "127.0.0.1", String.valueOf(port));
        Experiments.localPort(polling);
        polling.send("slow echo\n");
        LabProcess blocking = lab.client("blocking client", "127.0.0.1", String.valueOf(port));
        Experiments.localPort(blocking);
        blocking.send("blocking\n");
        echo(busy, "A again"); // B's line has certainly been sent and is waiting unanswered
        busy.closeStdin();
        polling.awaitLine("^slow echo$", WAIT);
        long polls = Long.parseLong(polling.awaitErrLine("^client: polls before the echo: (\\d+)$", WAIT)
                .group(1));
        assertThat(polls).as("polls while the server was busy with A").isPositive();
        polling.closeStdin();
        blocking.awaitLine("^blocking$", WAIT);
        assertThat(blocking.stderrLines()).noneMatch(l -> l.contains("polls"));
    }
}
