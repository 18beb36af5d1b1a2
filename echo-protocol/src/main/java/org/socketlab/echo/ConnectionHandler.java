package org.socketlab.echo;

import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The per-connection protocol: what a server does with one accepted connection, whatever the server model that
 * accepted it (sequential, a thread per connection, a pool).
 *
 * <p>A handler knows nothing of accept() or close(): the server model owns the socket. One handler instance
 * serves one connection at a time; a model with many threads gives each its own handler.
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves one connection over blocking channels until the peer's EOF.
     *
     * @param in where the peer's bytes come from
     * @param out where the replies go (usually the same socket channel as {@code in})
     * @return the number of bytes the peer sent and got back
     * @throws ConnectionFailedException if the connection fails midway, carrying the bytes served until then
     */
    long serve(ReadableByteChannel in, WritableByteChannel out) throws ConnectionFailedException;
}
