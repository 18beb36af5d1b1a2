package org.socketlab.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A program on the library run without {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} still reads a
 * socket's pending error (the descriptor is found through /proc/self/fd), and when it cannot, says so once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingErrorWithoutJvmOptionsIT {
    private static final String EXPORT = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

    @Test
    void procSelfFdGivesTheDescriptorTheJdkHasForListeningConnectingAndAcceptedSockets() throws IOException {
        try (ServerSocketChannel listener =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel accepted = listener.accept();
                ServerSocketChannel wildcard = ServerSocketChannel.open().bind(new InetSocketAddress(0))) {
            for (var channel : List.of(listener, client, accepted, wildcard)) {
                assertThat(NativeSockets.ProcFd.find(channel))
                        .as("the descriptor of %s", channel)
                        .hasValue(NativeSockets.fd(channel, NativeOption.SO_ERROR));
            }
        }
    }

    @ParameterizedTest(name = "with the export: {0}")
    @ValueSource(booleans = {true, false})
    void aResetClientLeavesEconnresetPendingWithOrWithoutTheExport(boolean export) throws Exception {
        Child child = run(export, "reset");
        assertThat(child.stdout).as(child.toString()).contains("pending: ECONNRESET");
        assertThat(child.stderr).as(child.toString()).doesNotContain("socket-options:");
    }

    @Test
    void anUnreadablePendingErrorIsSaidOnceNamingTheOption() throws Exception {
        Child child = run(false, "unbound");
        assertThat(child.stdout).as(child.toString()).contains("asked twice");
        assertThat(child.stderr.lines().filter(l -> l.startsWith("socket-options:")))
                .as(child.toString())
                .singleElement()
                .asString()
                .contains("reported as closed")
                .contains("--add-exports java.base/sun.nio.ch=ALL-UNNAMED");
    }

    @ParameterizedTest(name = "with the JVM options: {0}")
    @ValueSource(booleans = {true, false})
    void aClosedChannelHasNoPendingErrorAndNothingIsSaid(boolean export) throws Exception {
        Child child = run(export, "closed");
        assertThat(child.stdout).as(child.toString()).contains("pending: 0");
        assertThat(child.stderr).as(child.toString()).doesNotContain("socket-options:");
    }

    private static Child run(boolean export, String mode) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (export) {
            command.add(EXPORT);
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PendingErrorProbe.class.getName(), mode));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var stderr = process.getErrorStream();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Child(command, out, err);
    }

    private record Child(List<String> command, String stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
