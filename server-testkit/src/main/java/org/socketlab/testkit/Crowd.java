package org.socketlab.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Clients that connect and hold their connections, each sending one byte at a time and reading its echo, on one
 * selector: a client the server has not accepted waits in the backlog (or, the backlog full, in its SYN
 * retransmissions) without blocking the others. Not thread-safe: one test thread drives it.
 */
final class Crowd implements AutoCloseable {
    private static final byte BYTE = 'x';

    /** One client: how many bytes it sent and how many came back, and what went wrong, if anything. */
    static final class Client {
        final SocketChannel channel;
        int sent;
        int echoed;
        String failure;

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final Selector selector;
    private final List<Client> clients = new ArrayList<>();

    private Crowd(Selector selector) {
        this.selector = selector;
    }

    /**
     * {@code size} clients arrive at {@code server}: one after the other while the server takes them (each once the
     * one before has its echo), then, once one has waited {@code patience} for its echo in vain, all the others at
     * once. One by one, no client's SYN meets a full backlog while the server still accepts: a crowd arriving at once
     * would overflow it, and the SYNs it drops come back only after 1 s, 3 s, 7 s.
     */
    static Crowd arrive(InetSocketAddress server, int size, Duration patience) throws IOException {
        Crowd crowd = new Crowd(Selector.open());
        try {
            boolean taking = true;
            for (int i = 0; i < size; i++) {
                Client client = crowd.join(server);
                if (taking) {
                    long deadline = System.nanoTime() + patience.toNanos();
                    while (System.nanoTime() < deadline && client.failure == null && !caughtUp(client)) {
                        crowd.step(deadline);
                    }
                    taking = caughtUp(client);
                }
            }
        } catch (IOException e) {
            crowd.close();
            throw e;
        }
        return crowd;
    }

    /**
     * Connects, sends and reads until the echoes settle: none for {@code quiet}, or {@code wait} is over.
     *
     * @return the clients whose bytes all came back
     */
    List<Client> settle(Duration quiet, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        long quietUntil = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            if (step(Math.min(deadline, quietUntil)) > 0) {
                quietUntil = System.nanoTime() + quiet.toNanos();
            }
        }
        return clients.stream().filter(Crowd::caughtUp).toList();
    }

    /**
     * Each of {@code echoing} sends one byte more; waits until all of them have it back, or {@code wait} is over.
     *
     * @return how many of them got every byte back
     */
    int echoAgain(List<Client> echoing, Duration wait) throws IOException {
        for (Client client : echoing) {
            sendOne(client);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && !echoing.stream().allMatch(Crowd::caughtUp)) {
            step(deadline);
        }
        return (int) echoing.stream().filter(Crowd::caughtUp).count();
    }

    int size() {
        return clients.size();
    }

    /** What went wrong on the clients' connections, e.g. "3 closed by the server, 2 reset"; empty if nothing. */
    String failures() {
        List<String> seen =
                clients.stream().map(c -> c.failure).filter(Objects::nonNull).toList();
        return seen.stream()
                .distinct()
                .map(f -> seen.stream().filter(f::equals).count() + " " + f)
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    /** Every client leaves: its connection closed, or its connect abandoned. */
    @Override
    public void close() throws IOException {
        for (Client client : clients) {
            client.channel.close();
        }
        selector.close();
    }

    /** Whether every byte the client sent came back, and at least one was sent. */
    private static boolean caughtUp(Client client) {
        return client.failure == null && client.sent > 0 && client.echoed == client.sent;
    }

    private Client join(InetSocketAddress server) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Client client = new Client(channel);
        clients.add(client);
        channel.configureBlocking(false);
        try {
            if (channel.connect(server)) {
                sendOne(client);
                channel.register(selector, SelectionKey.OP_READ, client);
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, client);
            }
        } catch (IOException e) { // refused at once: the server is gone, which the scenario reports
            client.failure = what(e);
        }
        return client;
    }

    /** One select() until {@code deadline} (System.nanoTime()) at the latest; returns how many bytes came back. */
    private int step(long deadline) throws IOException {
        long millis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        selector.select(millis);
        int echoes = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            Client client = (Client) key.attachment();
            try {
                if (key.isConnectable()) {
                    client.channel.finishConnect();
                    sendOne(client);
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    echoes += read(client, key);
                }
            } catch (IOException e) {
                client.failure = what(e);
                key.cancel();
            }
        }
        selector.selectedKeys().clear();
        return echoes;
    }

    private static int read(Client client, SelectionKey key) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        int n = client.channel.read(buffer);
        if (n < 0) {
            client.failure = "closed by the server";
            key.cancel();
            return 0;
        }
        for (int i = 0; i < n; i++) {
            if (buffer.get(i) != BYTE || client.echoed == client.sent) {
                client.failure = "sent a byte that was not the echo";
                key.cancel();
                return 0;
            }
            client.echoed++;
        }
        return n;
    }

    private static String what(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void sendOne(Client client) throws IOException {
        if (client.channel.write(ByteBuffer.wrap(new byte[] {BYTE})) != 1) {
            throw new IOException("could not send a single byte");
        }
        client.sent++;
    }
}
