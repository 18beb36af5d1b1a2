package org.socketlab.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lines of /proc/net/tcp and tcp6 as a little-endian machine's kernel prints them, and the real table with a real
 * listening socket.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProcNetTcpTest {

    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt" + "   uid  timeout inode";

    @Test
    void anIpv4LineInTimeWaitHasItsAddressesStateTimerAndNoInode() {
        String line = "   3: 0100007F:223D 0100007F:CD2A 06 00000000:00000000 03:00000F5B 00000000     0        0 0 3 "
                + "0000000000000000";

        assertThat(ProcNetTcp.parse(line))
                .contains(new TcpConnection(
                        new InetSocketAddress("127.0.0.1", 8765),
                        new InetSocketAddress("127.0.0.1", 52522),
                        TcpState.TIME_WAIT,
                        0,
                        0,
                        3,
                        0,
                        0));
    }

    @Test
    void anEstablishedLineHasItsQueuesRetransmitsAndInode() {
        String line = "   1: 0100007F:223D 0100007F:CD2C 01 0000000A:00000008 01:00000014 00000002  1000        0 "
                + "123456 1 0000000000000000 20 4 30 10 -1";

        TcpConnection socket = ProcNetTcp.parse(line).orElseThrow();

        assertThat(socket.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(socket.sendQueue()).as("tx_queue").isEqualTo(10);
        assertThat(socket.receiveQueue()).as("rx_queue").isEqualTo(8);
        assertThat(socket.timerActive()).as("retransmit timer").isEqualTo(1);
        assertThat(socket.retransmits()).isEqualTo(2);
        assertThat(socket.inode()).isEqualTo(123456);
        assertThat(socket).hasToString("127.0.0.1:8765 127.0.0.1:52524 ESTABLISHED rx 8 tx 10 inode 123456");
    }

    @Test
    void anIpv6ListenerReadsAsLoopbackAndTheHeadingAsNothing() {
        String line = "   0: 00000000000000000000000001000000:223D 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0";

        TcpConnection listener = ProcNetTcp.parse(line).orElseThrow();

        assertThat(listener.local()).isEqualTo(new InetSocketAddress("::1", 8765));
        assertThat(listener.remote()).isEqualTo(new InetSocketAddress("::", 0));
        assertThat(listener.state()).isEqualTo(TcpState.LISTEN);
        assertThat(listener.inode()).isEqualTo(4242);
        assertThat(ProcNetTcp.parse(HEADER)).isEmpty();
    }

    @Test
    void aV4MappedAddressOfTcp6ReadsAsIpv4() {
        String line = "   2: 0000000000000000FFFF00000100007F:223D 0000000000000000FFFF00000100007F:CD2E 08 "
                + "00000000:00000005 00:00000000 00000000     0        0 777 1 0000000000000000 20 4 30 10 -1";

        TcpConnection socket = ProcNetTcp.parse(line).orElseThrow();

        assertThat(socket.local().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(socket.local()).isEqualTo(new InetSocketAddress("127.0.0.1", 8765));
        assertThat(socket.remote()).isEqualTo(new InetSocketAddress("127.0.0.1", 52526));
        assertThat(socket.state()).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void aLineThatIsNoneOfTheTableSaysSo() {
        assertThatThrownBy(() -> ProcNetTcp.parse("   3: 0100007F:223D 06"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a line of /proc/net/tcp:    3: 0100007F:223D 06");
    }

    @Test
    void aRealListenerIsInTheTableWithItsInode() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 7);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();

            assertThat(ProcNetTcp.read())
                    .filteredOn(s -> s.local().getPort() == port)
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.state()).isEqualTo(TcpState.LISTEN);
                        assertThat(s.local().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
                        assertThat(s.inode()).as("the listener's inode").isPositive();
                    });
        }
    }

    @Test
    void aDirectoryWithoutTablesListsNone() {
        assertThat(ProcNetTcp.read(Path.of("/proc", "0", "net"))).isEmpty();
    }
}
