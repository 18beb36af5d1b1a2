package org.socketlab.lab.grading;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.socketlab.lab.activity.TestedServer;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.KernelView;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.SocketOfProcess;
import org.socketlab.lab.fixture.Waits;
import org.socketlab.options.TcpConnection;
import org.socketlab.options.TcpState;

/**
 * Reads where a server stands with four clients of its own, in about a second: A is served; B connects and sends
 * while A is (one at a time: B's bytes wait unread in the accept queue); A ends (closes: the server's end leaves
 * CLOSE_WAIT before the server serves B); C connects, sends and resets its connection while B is served; D is
 * served after C (survives a reset). The backlog and SO_REUSEADDR are read from the listening socket itself.
 */
public final class StandingProbe {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Lab lab;
    private final TestedServer server;
    private final KernelView kernel = KernelView.here();
    private int port;

    public StandingProbe(Lab lab, TestedServer server) {
        this.lab = lab;
        this.server = server;
    }

    /** Starts the server on a free port, probes it and leaves it to the lab to stop. */
    public Standing probe() {
        port = lab.freePort();
        LabProcess process = server.start(lab, Host.LOOPBACK, port);
        Fact none = new Fact("none", "no --client-cmd");
        Optional<TcpConnection> listener;
        listener = Waits.until(() -> listening().isPresent() || !process.isAlive(), Duration.ofSeconds(10))
                ? listening()
                : Optional.empty();
        if (listener.isEmpty()) {
            Fact down = Fact.unknown("the server did not listen on port " + port);
            return new Standing(down, down, down, down, down, none);
        }
        Fact backlog = new Fact(String.valueOf(kernel.listenBacklog(port)), "Send-Q of ss -ltn");
        Fact reuse = reuseAddress(listener.get().inode(), process.pid());
        try (Socket a = connect();
                Socket b = connect();
                Socket d = new Socket()) {
            if (!echoes(a, "A")) {
                Fact silent = Fact.unknown("the server did not echo a first client's line");
                return new Standing(silent, reuse, backlog, silent, silent, none);
            }
            send(b, "B");
            Fact oneAtATime = oneAtATime(a, b);
            a.shutdownOutput();
            Fact closes = closes(a, b, oneAtATime.yes());
            Fact survives = survivesReset(process, b, d);
            return new Standing(closes, reuse, backlog, oneAtATime, survives, none);
        } catch (IOException e) {
            Fact lost = Fact.unknown("the probe's connection failed: " + e.getMessage());
            return new Standing(lost, reuse, backlog, lost, lost, none);
        }
    }

    /** C resets its connection while B is served; then D must be served. */
    private Fact survivesReset(LabProcess process, Socket b, Socket d) throws IOException {
        try {
            resetAfterSending(connect(), "C");
        } catch (IOException refused) {
            return Fact.unknown("the server no longer listened before a client could reset: "
                    + (process.isAlive() ? refused.getMessage() : "it exited after its first client"));
        }
        b.shutdownOutput();
        return served(d) ? Fact.of(true, "the client after the reset was served") : died(process);
    }

    /** Whether a client connecting now is served: false when refused, reset or not echoed. */
    private boolean served(Socket d) {
        try {
            d.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            d.setSoTimeout((int) WAIT.toMillis());
            return echoes(d, "D");
        } catch (IOException refusedOrReset) {
            return false;
        }
    }

    /** Sends a line and closes with SO_LINGER 0: the kernel sends a RST instead of a FIN. */
    private static void resetAfterSending(Socket socket, String line) throws IOException {
        send(socket, line);
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static Fact died(LabProcess process) {
        try {
            return Fact.of(
                    false, "the server exited with status " + process.awaitExit(WAIT) + " after a client's reset");
        } catch (AssertionError stillRunning) {
            return Fact.of(false, "the client after the reset was not served");
        }
    }

    /** B's line waits unread in the accept queue while A is served, and A's next line still comes back. */
    private Fact oneAtATime(Socket a, Socket b) throws IOException {
        int bPort = b.getLocalPort();
        if (!Waits.until(() -> available(b) > 0 || queued(bPort), WAIT)) {
            return Fact.unknown("B's line was neither echoed nor queued");
        }
        if (!echoes(a, "A again")) {
            return Fact.unknown("A's second line did not come back");
        }
        if (available(b) > 0) {
            return Fact.of(false, "B was echoed while A was connected");
        }
        return queued(bPort)
                ? Fact.of(true, "B's bytes waited in the accept queue (inode 0) while A was served")
                : Fact.of(false, "B was accepted while A was connected");
    }

    /**
     * After A's EOF: a sequential server serves B only once it is done with A, so B's echo marks the moment; the
     * server's end of A is then closed (LAST_ACK or gone) or still in CLOSE_WAIT. Otherwise (concurrent, or
     * exited after A) the FIN gets WAIT.
     */
    private Fact closes(Socket a, Socket b, boolean oneAtATime) {
        int aPort = a.getLocalPort();
        BooleanSupplier closed = () -> kernel.find(port, aPort)
                .map(t -> t.state() != TcpState.CLOSE_WAIT)
                .orElse(true);
        Fact yes = Fact.of(true, "the server's FIN followed the client's EOF");
        Fact no = Fact.of(false, "the server's end stayed in CLOSE_WAIT after the client's EOF: no close()");
        if (oneAtATime && awaitEcho(b, "B")) {
            // The server serves B only once it is done with A: by B's echo, close() was called or never will be.
            return closed.getAsBoolean() ? yes : no;
        }
        return Waits.until(closed, WAIT) ? yes : no;
    }

    private Fact reuseAddress(long inode, long pid) {
        try {
            long holder = holderOf(inode).orElse(pid);
            int value = SocketOfProcess.getsockopt(holder, inode, SocketOfProcess.Option.SO_REUSEADDR);
            return Fact.of(value != 0, "getsockopt on the listening socket");
        } catch (RuntimeException | AssertionError e) {
            return Fact.unknown(e.getMessage());
        }
    }

    /** The process holding the socket: the server, or a child it forked (a daemon). */
    private static Optional<Long> holderOf(long inode) {
        String link = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (Files.readSymbolicLink(fd).toString().equals(link)) {
                            return Optional.of(
                                    Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not ours to read: not the holder we can use
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Optional<TcpConnection> listening() {
        return kernel.connections().stream()
                .filter(t -> t.local().getPort() == port && t.state() == TcpState.LISTEN)
                .findFirst();
    }

    private boolean queued(int clientPort) {
        return kernel.find(port, clientPort)
                .map(t -> t.inode() == 0 && t.receiveQueue() > 0)
                .orElse(false);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static void send(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean echoes(Socket socket, String line) throws IOException {
        send(socket, line);
        return awaitEcho(socket, line);
    }

    /** Reads the line back, within the socket's timeout; false on a timeout, an EOF or a reset. */
    private static boolean awaitEcho(Socket socket, String line) {
        byte[] expected = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            InputStream in = socket.getInputStream();
            byte[] got = in.readNBytes(expected.length);
            return Arrays.equals(got, expected);
        } catch (IOException timeoutEofOrReset) {
            return false;
        }
    }

    private static int available(Socket socket) {
        try {
            return socket.getInputStream().available();
        } catch (IOException e) {
            return 0;
        }
    }
}
