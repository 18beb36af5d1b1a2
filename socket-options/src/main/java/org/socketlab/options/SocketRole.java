package org.socketlab.options;

/**
 * The three sockets an option can be meant for. They are kept apart because the kernel reads an option at a
 * given moment: SO_REUSEADDR at bind, TCP_MAXSEG and SO_RCVBUF at listen or connect (accepted sockets inherit
 * them from the listening socket), the rest on the connected socket.
 */
public enum SocketRole {
    /** The server's passive socket: options set after socket() and before bind() and listen(). */
    LISTENING("the server's listening socket"),
    /** Each socket accept() returns: options set right after accept, before the first read. */
    ACCEPTED("each accepted socket"),
    /** The client's active socket: options set after socket() and before connect(). */
    CONNECTING("the client's connecting socket");

    private final String description;

    SocketRole(String description) {
        this.description = description;
    }

    /** A phrase for messages, e.g. "the server's listening socket". */
    public String description() {
        return description;
    }
}
