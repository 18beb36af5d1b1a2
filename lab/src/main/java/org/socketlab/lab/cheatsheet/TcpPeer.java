package org.socketlab.lab.cheatsheet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketOptionException;
import org.socketlab.options.TcpInfo;

/**
 * The two ends of a bulk transfer, for the cheat sheet's window and congestion experiments, where the echo client
 * and server do not fit (one sends and never reads, the other reads late or not at all):
 *
 * <pre>
 * java ... TcpPeer receive [--rcvbuf BYTES] [--hold] PORT   accept one connection; with --hold read nothing until
 *                                                           a line "read" on stdin; then read to EOF and close
 * java ... TcpPeer send [--sample-ms MS] BYTES HOST PORT    connect, write BYTES, close, wait for the peer's close;
 *                                                           TCP_INFO every MS ms on stdout
 * </pre>
 *
 * Each TCP_INFO sample is one line {@code tcp_info SECONDS,CWND,SSTHRESH,TOTAL_RETRANS,PROBES}, seconds counted
 * from connect. Lines that report progress start with {@code receiver:} or {@code sender:}; errors go to stderr in
 * one line, exit status 1.
 */
public final class TcpPeer {
    private static final PrintStream OUT = System.out;

    private TcpPeer() {}

    public static void main(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("receive")) {
                receive(args);
            } else if (args.length > 0 && args[0].equals("send")) {
                send(args);
            } else {
                throw new IllegalArgumentException(
                        "usage: TcpPeer receive [--rcvbuf BYTES] [--hold] PORT | send [--sample-ms MS] BYTES HOST PORT");
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("TcpPeer: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void receive(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: TcpPeer receive [--rcvbuf BYTES] [--hold] PORT");
        }
        int rcvbuf = 0;
        boolean hold = false;
        for (int i = 1; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--rcvbuf" -> rcvbuf = Integer.parseInt(args[++i]);
                case "--hold" -> hold = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            if (rcvbuf > 0) {
                // Set on the listening socket, so that the window scale of the SYN-ACK already fits the small buffer.
                listener.setOption(StandardSocketOptions.SO_RCVBUF, rcvbuf);
            }
            listener.bind(new InetSocketAddress(Integer.parseInt(args[args.length - 1])));
            OUT.println("Waiting for incoming connections at port "
                    + ((InetSocketAddress) listener.getLocalAddress()).getPort());
            try (SocketChannel connection = listener.accept()) {
                InetSocketAddress peer = (InetSocketAddress) connection.getRemoteAddress();
                OUT.println(
                        "receiver: connection from " + peer.getAddress().getHostAddress() + " port " + peer.getPort());
                if (hold) {
                    OUT.println("receiver: not reading");
                    waitForLine("read");
                    OUT.println("receiver: reading");
                }
                long total = 0;
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                for (int n; (n = connection.read(buffer.clear())) >= 0; ) {
                    total += n;
                }
                OUT.println("receiver: read " + total + " bytes, then EOF");
            }
        }
    }

    private static void send(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: TcpPeer send [--sample-ms MS] BYTES HOST PORT");
        }
        int sampleMs = 0;
        int i = 1;
        if (args[i].equals("--sample-ms")) {
            sampleMs = Integer.parseInt(args[i + 1]);
            i += 2;
        }
        long bytes = Long.parseLong(args[i]);
        InetSocketAddress server = new InetSocketAddress(args[i + 1], Integer.parseInt(args[i + 2]));
        try (SocketChannel connection = SocketChannel.open(server)) {
            long connected = System.nanoTime();
            InetSocketAddress local = (InetSocketAddress) connection.getLocalAddress();
            OUT.println("sender: connected from " + local.getAddress().getHostAddress() + " port " + local.getPort());
            Thread sampler = null;
            if (sampleMs > 0) {
                // The first sample loads JNA (half a second): taken before the first write, it delays nothing.
                sample(connection, connected);
                sampler = sampler(connection, connected, sampleMs);
                sampler.start();
            }
            ByteBuffer chunk = ByteBuffer.wrap("0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII));
            for (long left = bytes; left > 0; ) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                left -= connection.write(chunk);
            }
            connection.shutdownOutput();
            OUT.println("sender: wrote " + bytes + " bytes and a FIN");
            // The receiver closes after EOF: its FIN comes once everything was read, hence acknowledged.
            while (connection.read(ByteBuffer.allocate(1)) >= 0) {
                // Nothing comes but the FIN.
            }
            if (sampler != null) {
                sampler.interrupt();
                sample(connection, connected);
            }
            OUT.println("sender: the receiver closed; every byte was acknowledged");
        }
    }

    /** A daemon thread that prints TCP_INFO every {@code ms} milliseconds while the connection lasts. */
    private static Thread sampler(SocketChannel connection, long connected, int ms) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            sample(connection, connected);
                            TimeUnit.MILLISECONDS.sleep(ms);
                        }
                    } catch (InterruptedException | IOException e) {
                        // The transfer is over, or the socket closed under us: the samples end here.
                    }
                },
                "tcp-info-sampler");
        thread.setDaemon(true);
        return thread;
    }

    private static void sample(SocketChannel connection, long connected) throws SocketOptionException {
        TcpInfo info = NativeSockets.tcpInfo(connection);
        OUT.println(String.format(
                Locale.ROOT,
                "tcp_info %.4f,%d,%d,%d,%d",
                (System.nanoTime() - connected) / 1e9,
                info.sndCwnd(),
                info.sndSsthresh(),
                info.totalRetrans(),
                info.probes()));
    }

    private static void waitForLine(String expected) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.trim().equals(expected)) {
                return;
            }
        }
        throw new IOException("stdin closed before a line \"" + expected + "\"");
    }
}
