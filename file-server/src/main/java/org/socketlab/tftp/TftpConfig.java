package org.socketlab.tftp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TftpServer} runs, validated when built.
 *
 * @param root the directory served; nothing outside it is read or written
 * @param port the port requests come to: 69 is TFTP's, 0 lets the kernel choose
 * @param allowWrite whether write requests (uploads of new files) are accepted
 * @param timeout how long to wait for the client before sending a packet again, unless the client negotiates
 *     another (RFC 2349), 1 to 255 s
 * @param retries how many times a packet is sent again before the transfer is abandoned, 0 to 100
 */
public record TftpConfig(Path root, int port, boolean allowWrite, Duration timeout, int retries) {
    /** TFTP's well-known port. */
    public static final int DEFAULT_PORT = 69;
    /** tftpd-hpa's default, in seconds, as the command line gives it. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 1;
    /** tftpd-hpa's default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    /** Sent, then sent again 5 times: at the default timeout a silent client costs 6 s. */
    public static final int DEFAULT_RETRIES = 5;

    public TftpConfig {
        Objects.requireNonNull(root, "root");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0-65535");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(255)) > 0) {
            throw new IllegalArgumentException("timeout " + timeout.toSeconds() + " s is not 1-255 s (RFC 2349)");
        }
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries " + retries + " is not 0-100");
        }
    }
}
