package org.socketlab.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A way of serving connections: the sequential server of this lab, and the concurrent models of the next ones
 * (a thread per connection, a pool, a selector). The lab's scenarios run against any of them.
 *
 * <p>{@link #start()} listens; {@link #run()} serves on the calling thread until {@link #close()}, which is
 * idempotent and may be called from any thread.
 */
public interface ServerModel extends AutoCloseable {

    /**
     * Opens the listening socket with the configured options, binds and listens.
     *
     * @return the address it listens on
     */
    InetSocketAddress start() throws IOException;

    /** Serves until {@link #close()}. */
    void run();

    /** Connections being served right now. */
    int liveConnections();

    /** Stops listening and closes every connection. */
    @Override
    void close();
}
