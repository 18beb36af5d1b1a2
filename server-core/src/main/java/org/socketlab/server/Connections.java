package org.socketlab.server;

import java.io.IOException;
import java.nio.channels.Channel;
import org.slf4j.Logger;

/** Closing what a server owns, whatever its model. */
public final class Connections {
    private static final Logger LOG = Loggers.of(Connections.class);

    private Connections() {}

    /** Closes a channel; a failure to close is logged, not thrown. */
    public static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", channel, e.getMessage());
        }
    }
}
