package org.socketlab.options;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * SO_TIMEOUT for a socket channel. A channel in blocking mode ignores it, so a read with a timeout goes through
 * the socket's stream, which honours it and throws {@link java.net.SocketTimeoutException}.
 */
public final class ReadTimeouts {

    private ReadTimeouts() {}

    /**
     * Where to read a connected channel from: the channel itself without a timeout (no copy through the heap), its
     * socket's stream with one.
     *
     * @param timeoutMillis SO_TIMEOUT in milliseconds, 0 for none
     */
    public static ReadableByteChannel input(SocketChannel channel, int timeoutMillis) throws IOException {
        if (timeoutMillis == 0) {
            return channel;
        }
        channel.socket().setSoTimeout(timeoutMillis);
        return Channels.newChannel(channel.socket().getInputStream());
    }
}
