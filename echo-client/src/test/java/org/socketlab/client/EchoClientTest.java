package org.socketlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.echo.EchoClosedException;
import org.socketlab.options.ClientSocketConfig;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.SockOpt;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoClientTest {
    private final List<String> status = new ArrayList<>();

    private EchoClient connect(TestServer server, String... options) throws Exception {
        return EchoClient.connect(
                "127.0.0.1",
                server.port(),
                ClientSocketConfig.of(
                        List.of(options).stream().map(OptionAssignment::parse).toList()),
                Optional.empty(),
                status::add);
    }

    @Test
    void linesComeBackAndTheLastOneNeedsNoNewline() throws Exception {
        try (TestServer server = TestServer.echo();
                EchoClient client = connect(server)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long echoed =
                    client.echoAll(new ByteArrayInputStream("a\nb\r\nlast".getBytes(StandardCharsets.US_ASCII)), out);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("a\nb\r\nlast");
            assertThat(echoed).isEqualTo(9);
            assertThat(server.bytesServed())
                    .as("the server saw our EOF and finished")
                    .isEqualTo(9);
            assertThat(status).hasSize(2).startsWith("connecting to 127.0.0.1 port " + server.port());
            assertThat(status.get(1)).matches("connected from 127\\.0\\.0\\.1 port \\d+");
        }
    }

    @Test
    void binaryInputAndLinesLongerThanAPieceComeBackByteExact() throws Exception {
        byte[] input = new byte[3 * EchoClient.MAX_PIECE + 1234];
        new Random(7).nextBytes(input);
        for (int i = 0; i < 256; i++) {
            input[i] = (byte) i; // every byte value, NUL, CR and LF among them
        }
        try (TestServer server = TestServer.echo();
                EchoClient client = connect(server)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.echoAll(new ByteArrayInputStream(input), out);
            assertThat(out.toByteArray()).isEqualTo(input);
        }
    }

    @Test
    void anEmptyInputSendsOnlyTheFin() throws Exception {
        try (TestServer server = TestServer.echo();
                EchoClient client = connect(server)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(client.echoAll(new ByteArrayInputStream(new byte[0]), out))
                    .isZero();
            assertThat(out.size()).isZero();
            assertThat(server.bytesServed()).isZero();
        }
    }

    @Test
    void aServerThatClosesBeforeEchoingEverythingIsReportedNotSpunOn() throws Exception {
        try (TestServer server = TestServer.echoThenClose(4, 11);
                EchoClient client = connect(server)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> client.echoAll(
                            new ByteArrayInputStream("0123456789\n".getBytes(StandardCharsets.US_ASCII)), out))
                    .isInstanceOf(EchoClosedException.class)
                    .hasMessage("the server closed the connection after echoing 4 of 11 bytes");
        }
    }

    @Test
    void optionsAreSetBeforeConnectAndReadBack() throws Exception {
        try (TestServer server = TestServer.echo();
                EchoClient client = connect(server, "TCP_MAXSEG=88", "TCP_NODELAY=1")) {
            assertThat(Integer.parseInt(client.effectiveOptions().get(SockOpt.TCP_MAXSEG)))
                    .isBetween(1, 88);
            assertThat(client.effectiveOptions().get(SockOpt.TCP_NODELAY)).isEqualTo("true");
            assertThat(client.tcpInfo().sndMss()).isBetween(1, 88);
        }
    }
}
