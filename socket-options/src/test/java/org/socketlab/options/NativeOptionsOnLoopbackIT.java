package org.socketlab.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP_USER_TIMEOUT, set natively on the client's and on accepted sockets, and read back from the kernel. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NativeOptionsOnLoopbackIT {

    @Test
    void tcpUserTimeoutIsSetOnTheConnectingAndTheAcceptedSocketAndReadsBack() throws IOException {
        ServerSocketConfig server = ServerSocketConfig.builder()
                .options(List.of(OptionAssignment.parse("TCP_USER_TIMEOUT=7000")))
                .build();
        ClientSocketConfig client = ClientSocketConfig.of(List.of(OptionAssignment.parse("TCP_USER_TIMEOUT=5000")));
        assertThat(server.accepted().get(SockOpt.TCP_USER_TIMEOUT))
                .as("meant for accepted sockets")
                .contains(7000);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
                SocketChannel connecting = SocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketConfigurer.apply(client.connecting(), connecting);
            connecting.connect(listener.getLocalAddress());
            try (SocketChannel accepted = listener.accept()) {
                SocketConfigurer.apply(server.accepted(), accepted);
                assertThat(SocketConfigurer.readBack(connecting, SocketConfigurer.optionsOf(SocketRole.CONNECTING), 0))
                        .as("the client's socket, read back with getsockopt")
                        .containsEntry(SockOpt.TCP_USER_TIMEOUT, "5000");
                assertThat(SocketConfigurer.readBack(accepted, SocketConfigurer.optionsOf(SocketRole.ACCEPTED), 0))
                        .as("the accepted socket, read back with getsockopt")
                        .containsEntry(SockOpt.TCP_USER_TIMEOUT, "7000");
            }
        }
    }

    @Test
    void aFreshSocketHasNoUserTimeoutSoTcpRetries2Decides() throws IOException {
        try (SocketChannel fresh = SocketChannel.open(StandardProtocolFamily.INET)) {
            assertThat(SocketConfigurer.readBack(fresh, SocketConfigurer.optionsOf(SocketRole.CONNECTING), 0))
                    .containsEntry(SockOpt.TCP_USER_TIMEOUT, "0");
        }
    }

    @Test
    void tcpInfoOnAChannelWithoutADescriptorNamesTcpInfo() throws IOException {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            assertThatThrownBy(() -> NativeSockets.tcpInfo(channel))
                    .isInstanceOfSatisfying(
                            SocketOptionException.class,
                            e -> assertThat(e.option()).isNull())
                    .hasMessageStartingWith("TCP_INFO cannot be reached on a ");
        }
    }

    @Test
    void tcpUserTimeoutOnAChannelWithoutADescriptorNamesTheOption() throws IOException {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            assertThatThrownBy(() -> NativeSockets.set(channel, SockOpt.TCP_USER_TIMEOUT, 100))
                    .isInstanceOfSatisfying(
                            SocketOptionException.class,
                            e -> assertThat(e.option()).isEqualTo(SockOpt.TCP_USER_TIMEOUT))
                    .hasMessageStartingWith("TCP_USER_TIMEOUT cannot be reached on a ");
        }
    }
}
