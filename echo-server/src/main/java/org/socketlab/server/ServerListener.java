package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What a server reports as it goes: the lab's messages are one implementation ({@link LabMessages}), tests
 * another. Called on the server's accept-loop thread; an implementation must not block for long.
 */
public interface ServerListener {

    /** The server listens on {@code local}. */
    default void listening(InetSocketAddress local) {
    }

    /** accept() returned a connection from {@code peer}. */
    default void accepted(InetSocketAddress peer) {
    }

    /** The client sent EOF, everything was echoed and the active socket was closed. */
    default void closed(InetSocketAddress peer, long bytesEchoed) {
    }

    /** The client sent EOF and, by {@link Fault#NO_CLOSE}, the active socket was left open. */
    default void leftOpen(InetSocketAddress peer, long bytesEchoed) {
    }

    /** The connection failed (reset, broken pipe, idle timeout); it was closed and the server goes on. */
    default void failed(InetSocketAddress peer, long bytesEchoed, IOException cause) {
    }

    /** accept() itself failed (e.g. too many open files); the server goes on. */
    default void acceptFailed(IOException cause) {
    }

    /** The server closed its listening socket and stopped. */
    default void stopped() {
    }
}
