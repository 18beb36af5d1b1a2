package org.socketlab.server;

import java.io.IOException;
import java.nio.channels.Channel;
import org.slf4j.Logger;

/** Closing what a server owns, whatever its model. */
public final class Quietly {
    private static final Logger LOG = Loggers.of(Quietly.class);

    private Quietly() {}

    /** Closes a channel; a failure to close is logged, not thrown. */
    public static void close(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", channel, e.getMessage());
        }
    }
}
