package org.socketlab.echo;

import java.io.IOException;

/**
 * A connection failed midway (reset, broken pipe, timeout): the cause says why, {@link #bytesServed()} how far
 * the exchange got.
 */
public class ConnectionFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long bytesServed;

    public ConnectionFailedException(long bytesServed, IOException cause) {
        super(cause.getMessage(), cause);
        this.bytesServed = bytesServed;
    }

    /** The bytes echoed before the failure. */
    public long bytesServed() {
        return bytesServed;
    }

    /** The I/O failure itself. */
    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
