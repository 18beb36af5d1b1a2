package org.socketlab.tftp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketlab.tftp.Packet.Request;

/**
 * The sequential TFTP server: receive a request on the well-known port, serve it to the end from a new port, then
 * receive the next. Requests that come meanwhile wait in the socket's receive queue, as a second client of the
 * sequential TCP echo server waits in the accept queue; UDP has no connection, so the "accept" is the first
 * datagram, and the transfer's own port (its TID) plays the part of the accepted socket.
 *
 * <p>{@link #start()} binds, {@link #run()} serves until {@link #close()}, which may be called from any thread.
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TftpServer.class);

    private final TftpConfig config;
    private final RootDirectory root;
    private final TftpMessages messages;
    /** One more byte than the largest request, to tell an over-long request from one that fits. */
    private final ByteBuffer requestBuffer = ByteBuffer.allocate(PacketCodec.MAX_REQUEST + 1);

    private volatile DatagramChannel requests;
    private volatile DatagramSocket transferSocket;
    private volatile boolean closed;
    /** Whether the last request served ended with an upload's dally (run()'s thread only). */
    private boolean lingered;

    /**
     * @throws IOException if the root does not exist or is not a directory
     */
    public TftpServer(TftpConfig config, TftpMessages messages) throws IOException {
        this.config = config;
        this.root = new RootDirectory(config.root());
        this.messages = messages;
    }

    /**
     * Binds the requests' socket to the configured port on every address, and prints the waiting line.
     *
     * @throws IllegalStateException if already started or closed
     * @throws IOException if the port cannot be bound
     */
    public synchronized void start() throws IOException {
        if (closed || requests != null) {
            throw new IllegalStateException(closed ? "close() already called" : "start() already called");
        }
        requests = DatagramChannel.open();
        try {
            requests.bind(new InetSocketAddress(config.port()));
        } catch (IOException e) {
            requests.close();
            throw e;
        }
        messages.waiting(port(), root, config.allowWrite());
    }

    /** The port requests come to (the kernel's choice if configured as 0). */
    public int port() {
        if (requests == null) {
            throw new IllegalStateException("start() not called");
        }
        return requests.socket().getLocalPort();
    }

    /**
     * Serves requests one at a time until {@link #close()}.
     *
     * @throws IllegalStateException if not started
     */
    public void run() {
        if (requests == null) {
            throw new IllegalStateException("start() not called");
        }
        InetSocketAddress lastClient = null;
        byte[] lastRequest = new byte[0];
        while (!closed) {
            InetSocketAddress client;
            boolean waited;
            try {
                requestBuffer.clear();
                // A request that came while the last one was served is already queued: take it without waiting.
                requests.configureBlocking(false);
                SocketAddress from = requests.receive(requestBuffer);
                requests.configureBlocking(true);
                waited = from != null;
                client = (InetSocketAddress) (waited ? from : requests.receive(requestBuffer));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("the requests' socket failed: {}", e.toString(), e);
                }
                break;
            }
            byte[] request = Arrays.copyOf(requestBuffer.array(), requestBuffer.position());
            if (waited && client.equals(lastClient) && Arrays.equals(request, lastRequest)) {
                // The client sent its request again when an answer was lost; serving it twice would start a
                // transfer nobody waits for.
                messages.duplicate(client);
                continue;
            }
            TftpMessages.Queued queued = !waited
                    ? TftpMessages.Queued.NOT
                    : lingered ? TftpMessages.Queued.WHILE_LINGERING : TftpMessages.Queued.DURING_A_TRANSFER;
            try {
                serve(client, ByteBuffer.wrap(request), queued);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                // A request that cannot be served costs that request only.
                messages.failed(client, e);
                log.debug("request from {} failed", client, e);
            }
            lastClient = client;
            lastRequest = request;
        }
        messages.stopped();
    }

    /** Serves one request to its end, from a socket of its own. */
    private void serve(InetSocketAddress client, ByteBuffer datagram, TftpMessages.Queued queued) throws IOException {
        lingered = false;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
            transferSocket = socket;
            if (closed) {
                return;
            }
            Request request;
            try {
                Packet packet = PacketCodec.decode(datagram);
                if (!(packet instanceof Request r)) {
                    throw new TftpException(
                            ErrorCode.ILLEGAL_OPERATION,
                            packet.opcode() + " to the requests' port, which takes only RRQ and WRQ");
                }
                request = r;
            } catch (TftpException e) {
                refuse(socket, client, "a packet", e);
                return;
            }
            messages.request(client, request, socket.getLocalPort(), queued, config.timeout());
            String what = request.opcode() + " for '" + request.filename() + "'";
            try {
                if (request.isWrite()) {
                    receiveFile(socket, client, request);
                } else {
                    sendFile(socket, client, request);
                }
            } catch (TftpException e) {
                refuse(socket, client, what, e);
            } catch (TransferFailed e) {
                messages.failed(client, request.filename(), e);
            }
        } finally {
            transferSocket = null;
        }
    }

    private void sendFile(DatagramSocket socket, InetSocketAddress client, Request request)
            throws IOException, TftpException, TransferFailed {
        Path file = root.forReading(request.filename());
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new TftpException(
                    ErrorCode.ACCESS_VIOLATION, "'" + request.filename() + "' cannot be opened: " + IoErrors.reason(e));
        }
        try (InputStream source = request.mode() == Mode.NETASCII
                ? Netascii.encoding(new BufferedInputStream(in, TransferOptions.DEFAULT_BLOCK_SIZE))
                : in) {
            long size = request.mode() == Mode.OCTET ? Files.size(file) : -1;
            TransferOptions options = TransferOptions.forRead(request, config.timeout(), size);
            Transfer transfer = new Transfer(socket, client, options, config.retries(), messages);
            messages.sent(client, request.filename(), transfer.send(source));
        }
    }

    private void receiveFile(DatagramSocket socket, InetSocketAddress client, Request request)
            throws IOException, TftpException, TransferFailed {
        if (!config.allowWrite()) {
            throw new TftpException(
                    ErrorCode.ACCESS_VIOLATION, "writing is not allowed (the server runs without --allow-write)");
        }
        Path target = root.forWriting(request.filename());
        long usable = Files.getFileStore(target.getParent()).getUsableSpace();
        TransferOptions options = TransferOptions.forWrite(request, config.timeout(), usable);
        // The upload goes to a temporary name in the same directory, renamed when complete: an aborted upload
        // leaves nothing behind, and no one reads a half-written file under its real name.
        Path temporary;
        try {
            temporary = Files.createTempFile(target.getParent(), ".tftp-upload-", ".part");
        } catch (IOException e) {
            throw new TftpException(
                    ErrorCode.ACCESS_VIOLATION,
                    "no file can be created in the directory of '" + request.filename() + "' (" + IoErrors.reason(e)
                            + ")");
        }
        try {
            Transfer transfer = new Transfer(socket, client, options, config.retries(), messages);
            Transfer.Stats stats;
            try (OutputStream out = Files.newOutputStream(temporary);
                    OutputStream sink = request.mode() == Mode.NETASCII
                            ? Netascii.decoding(new BufferedOutputStream(out, TransferOptions.DEFAULT_BLOCK_SIZE))
                            : out) {
                stats = transfer.receive(sink);
            }
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                // Without REPLACE_EXISTING: a file of that name created during the upload is not overwritten.
                Files.move(temporary, target);
            } catch (FileAlreadyExistsException e) {
                throw transfer.abort(new TftpException(
                        ErrorCode.FILE_EXISTS, "'" + request.filename() + "' was created during the upload"));
            }
            transfer.acknowledgeLast();
            messages.received(client, request.filename(), stats);
            // The server's own timeout, not the one the client negotiated (curl asks for 6 s): in a sequential
            // server every other request waits while it dallies.
            lingered = true;
            transfer.dally(config.timeout());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void refuse(DatagramSocket socket, InetSocketAddress client, String what, TftpException e)
            throws IOException {
        byte[] error = PacketCodec.error(e.code(), e.reason()).array();
        socket.send(new DatagramPacket(error, error.length, client));
        messages.refused(client, what, e);
    }

    /** Stops serving: closes the requests' socket and ends a running transfer. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            if (requests != null) {
                requests.close();
            }
            DatagramSocket current = transferSocket;
            if (current != null) {
                current.close();
            }
        } catch (IOException e) {
            log.warn("closing the requests' socket failed: {}", e.toString());
        }
    }
}
