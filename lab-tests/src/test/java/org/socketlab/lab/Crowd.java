package org.socketlab.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many clients at once, from the test's own JVM: each connects on a non-blocking socket, sends one byte, reads its
 * echo and then holds its connection until the crowd leaves. A client the server does not accept waits in the
 * listening socket's backlog, or, the backlog full, in SYN_SENT, its SYNs dropped and sent again. One named thread
 * drives them all with a selector; {@link #close()} closes every connection.
 */
final class Crowd implements AutoCloseable {
    private static final byte BYTE = 'x';

    private final Selector selector;
    private final List<SocketChannel> members = new ArrayList<>();
    private final Set<SocketChannel> echoed = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> wrongEcho = new AtomicReference<>();
    private final boolean endAfterEcho;
    private final Thread loop;
    private volatile boolean leaving;

    private Crowd(InetSocketAddress server, int size, boolean endAfterEcho) throws IOException {
        this.selector = Selector.open();
        this.endAfterEcho = endAfterEcho;
        for (int i = 0; i < size; i++) {
            SocketChannel client = SocketChannel.open();
            members.add(client);
            client.configureBlocking(false);
            if (client.connect(server)) {
                sendByte(client.register(selector, 0));
            } else {
                client.register(selector, SelectionKey.OP_CONNECT);
            }
        }
        loop = new Thread(this::run, "crowd");
    }

    /**
     * {@code size} clients connect to {@code server} at once.
     *
     * @param endAfterEcho whether each client shuts its sending side down once its byte came back (its EOF, as
     *     after CTRL-D: a server with {@code --fault no-close} then moves on to the next client)
     */
    static Crowd arrive(InetSocketAddress server, int size, boolean endAfterEcho) throws IOException {
        Crowd crowd = new Crowd(server, size, endAfterEcho);
        crowd.loop.start();
        return crowd;
    }

    /** The clients whose byte came back. */
    int echoed() {
        return echoed.size();
    }

    /** A byte other than the one sent, if one came back. */
    String wrongEcho() {
        return wrongEcho.get();
    }

    /** One client whose byte came back closes its connection. */
    void leaveOne() throws IOException {
        SocketChannel one = echoed.iterator().next();
        echoed.remove(one);
        one.close();
    }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(1);
        try {
            while (!leaving) {
                selector.select();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    SocketChannel client = (SocketChannel) key.channel();
                    try {
                        if (key.isValid() && key.isConnectable() && client.finishConnect()) {
                            sendByte(key);
                        } else if (key.isValid() && key.isReadable()) {
                            in.clear();
                            if (client.read(in) == 1) {
                                checkEcho(in.get(0));
                                echoed.add(client);
                                if (endAfterEcho) {
                                    client.shutdownOutput();
                                }
                            }
                            key.interestOps(0); // hold the connection, read nothing more
                        }
                    } catch (IOException e) {
                        key.cancel(); // refused or reset: this client is out of the crowd
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the crowd leaves
        }
    }

    private void sendByte(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        client.write(ByteBuffer.wrap(new byte[] {BYTE}));
        key.interestOps(SelectionKey.OP_READ);
    }

    private void checkEcho(byte got) {
        if (got != BYTE) {
            wrongEcho.compareAndSet(null, "sent '" + (char) BYTE + "', got byte " + got);
        }
    }

    /** Every client closes its connection, accepted or not. */
    @Override
    public void close() throws IOException {
        leaving = true;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel client : members) {
            client.close();
        }
        selector.close();
    }
}
