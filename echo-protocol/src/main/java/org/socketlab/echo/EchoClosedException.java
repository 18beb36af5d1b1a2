package org.socketlab.echo;

import java.io.EOFException;

/** The server closed the connection before echoing everything that was sent. */
public class EchoClosedException extends EOFException {
    private static final long serialVersionUID = 1L;

    private final int expected;
    private final int received;

    public EchoClosedException(int expected, int received) {
        super("the server closed the connection after echoing " + received + " of " + expected + " bytes");
        this.expected = expected;
        this.received = received;
    }

    /** The bytes sent. */
    public int expected() {
        return expected;
    }

    /** The bytes echoed before the server's EOF. */
    public int received() {
        return received;
    }
}
