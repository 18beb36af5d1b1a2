package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.options.TcpState;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EndpointTest {

    @Test
    void readsTcpdumpsFormWithThePortAfterTheLastDot() {
        assertThat(Endpoint.parseTcpdump("127.0.0.1.8765")).isEqualTo(new Endpoint("127.0.0.1", 8765));
        assertThat(Endpoint.parseTcpdump("::1.8765")).isEqualTo(new Endpoint("::1", 8765));
        assertThat(Endpoint.parseTcpdump("localhost.39363")).hasToString("localhost:39363");
        assertThatThrownBy(() -> Endpoint.parseTcpdump("127.0.0.1.http")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parseTcpdump("127.0.0.1.65536")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsSsFormAndTheIpv4MappedAddressesOfDualStackSockets() {
        assertThat(Endpoint.parse("127.0.0.1:8765")).isEqualTo(new Endpoint("127.0.0.1", 8765));
        assertThat(Endpoint.parse("[::1]:8765"))
                .isEqualTo(new Endpoint("::1", 8765))
                .hasToString("[::1]:8765");
        assertThat(Endpoint.parse("[::ffff:127.0.0.1]:8765")).isEqualTo(new Endpoint("127.0.0.1", 8765));
        assertThat(Endpoint.parse("[::ffff:7f00:1]:8765").address())
                .as("not dotted: left alone")
                .isEqualTo("::ffff:7f00:1");
        assertThatThrownBy(() -> Endpoint.parse("127.0.0.1:*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsSsLines() {
        assertThat(SocketState.fromSs("CLOSE-WAIT 0      0      [::ffff:127.0.0.1]:37717 [::ffff:127.0.0.1]:45102"))
                .contains(new SocketState(
                        new Endpoint("127.0.0.1", 37717), new Endpoint("127.0.0.1", 45102), TcpState.CLOSE_WAIT));
        assertThat(SocketState.fromSs("LISTEN     0      50                   *:37717                *:*"))
                .contains(new SocketState(new Endpoint("*", 37717), new Endpoint("*", 0), TcpState.LISTEN));
        assertThat(SocketState.fromSs("State Recv-Q Send-Q Local Address:Port Peer Address:Port"))
                .isEmpty();
        assertThat(SocketState.fromSs("ESTAB 0 0 garbage")).isEmpty();
    }
}
