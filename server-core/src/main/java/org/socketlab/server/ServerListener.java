package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.time.Duration;

/**
 * What a server reports as it goes: the lab's messages are one implementation ({@link LabMessages}), tests
 * another. Called on the thread where the event happens (the accept loop, or the thread serving the connection);
 * an implementation must be thread-safe and must not block for long.
 */
public interface ServerListener {

    /** The server listens on {@code local}. */
    default void listening(InetSocketAddress local) {}

    /** The listening socket has its options, is bound and listens: for a listener that reads them back. */
    default void listeningSocketReady(NetworkChannel listening) {}

    /** The active socket from {@code peer} has its options: for a listener that reads them back ({@link ReadBacks}). */
    default void acceptedSocketReady(NetworkChannel client, InetSocketAddress peer) {}

    /** accept() returned a connection from {@code peer}. */
    default void accepted(InetSocketAddress peer) {}

    /** The client sent EOF, everything was echoed and the active socket was closed. */
    default void closed(InetSocketAddress peer, long bytesEchoed) {}

    /** The client sent EOF and, by {@link Fault#NO_CLOSE}, the active socket was left open. */
    default void leftOpen(InetSocketAddress peer, long bytesEchoed) {}

    /** The connection failed (reset, broken pipe, idle timeout); it was closed and the server goes on. */
    default void failed(InetSocketAddress peer, long bytesEchoed, IOException cause) {}

    /**
     * accept() failed (e.g. EMFILE, too many open files) after it last worked; the server pauses accepting for
     * {@code pause} and tries again. Reported once per run of failures (see {@link AcceptFailures}).
     */
    default void acceptFailed(IOException cause, Duration pause) {}

    /** accept() keeps failing: {@code failures} times in the {@code since} since it first failed. */
    default void acceptStillFailing(long failures, Duration since) {}

    /**
     * accept() works again after {@code failures} failures over {@code since}: said once it has gone a while
     * without failing ({@link AcceptFailures}), from a timer thread.
     */
    default void acceptRecovered(long failures, Duration since) {}

    /** A UDP server's socket is bound to {@code local}: it waits for datagrams. */
    default void waitingForDatagrams(InetSocketAddress local) {}

    /**
     * A UDP server echoed a datagram of {@code received} bytes from {@code peer} with its first {@code echoed}
     * bytes: fewer when its receive buffer was smaller than the datagram.
     */
    default void datagramEchoed(InetSocketAddress peer, int received, int echoed) {}

    /** A UDP server could not receive or send back a datagram (peer null if unknown); it goes on. */
    default void datagramFailed(InetSocketAddress peer, IOException cause) {}

    /** The server closed its listening socket and stopped. */
    default void stopped() {}
}
