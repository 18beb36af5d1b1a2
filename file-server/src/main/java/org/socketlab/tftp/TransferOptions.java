package org.socketlab.tftp;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.socketlab.tftp.Packet.Request;

/**
 * What one transfer runs with once the options of RFC 2347 are negotiated: the block size (RFC 2348), the
 * retransmission timeout (RFC 2349) and the options to acknowledge in an OACK. Options this server does not know
 * are left out of the OACK, as RFC 2347 allows; no option acknowledged means no OACK at all (plain RFC 1350).
 *
 * @param blockSize bytes per DATA packet, 8 to 65464; 512 unless negotiated
 * @param timeout how long to wait for the peer before sending the last packet again
 * @param acknowledged the OACK's options and values, empty for none
 */
public record TransferOptions(int blockSize, Duration timeout, Map<String, String> acknowledged) {
    /** RFC 1350's block size. */
    public static final int DEFAULT_BLOCK_SIZE = 512;
    /** RFC 2348's smallest block size. */
    public static final int MIN_BLOCK_SIZE = 8;
    /** RFC 2348's largest: 65,535 minus the IP, UDP and TFTP headers. */
    public static final int MAX_BLOCK_SIZE = 65464;

    public TransferOptions {
        acknowledged = Collections.unmodifiableMap(new LinkedHashMap<>(acknowledged));
    }

    /**
     * Negotiates a read request's options.
     *
     * @param fileSize the file's size for {@code tsize}, or -1 where it is not known before sending (netascii)
     * @throws TftpException error 4 for a value that is not a number, error 8 for one out of the RFC's range
     */
    public static TransferOptions forRead(Request request, Duration defaultTimeout, long fileSize)
            throws TftpException {
        Builder b = new Builder(request, defaultTimeout);
        if (request.options().containsKey("tsize")) {
            // RFC 2349: the client sends tsize 0 in an RRQ and the server answers with the file's size. An empty
            // file's size is left out (RFC 2347 allows any option to be): curl takes "tsize 0" for an error.
            b.number("tsize", 0, Long.MAX_VALUE);
            if (fileSize > 0) {
                b.acknowledged.put("tsize", Long.toString(fileSize));
            }
        }
        return b.build();
    }

    /**
     * Negotiates a write request's options.
     *
     * @param usableSpace bytes free where the file is written: a larger {@code tsize} is refused at once
     * @throws TftpException error 4 for a value that is not a number, error 8 for one out of the RFC's range,
     *     error 3 for a {@code tsize} larger than the free space
     */
    public static TransferOptions forWrite(Request request, Duration defaultTimeout, long usableSpace)
            throws TftpException {
        Builder b = new Builder(request, defaultTimeout);
        if (request.options().containsKey("tsize")) {
            long size = b.number("tsize", 0, Long.MAX_VALUE);
            if (size > usableSpace) {
                throw new TftpException(
                        ErrorCode.DISK_FULL, "tsize " + size + " is more than the " + usableSpace + " bytes free");
            }
            b.acknowledged.put("tsize", Long.toString(size));
        }
        return b.build();
    }

    /** The options common to both directions: blksize and timeout. */
    private static final class Builder {
        private final Request request;
        private final Map<String, String> acknowledged = new LinkedHashMap<>();
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private Duration timeout;

        Builder(Request request, Duration defaultTimeout) throws TftpException {
            this.request = request;
            this.timeout = defaultTimeout;
            if (request.options().containsKey("blksize")) {
                // RFC 2348: the server may answer with a smaller size than asked, never a larger one.
                blockSize = (int) Math.min(number("blksize", MIN_BLOCK_SIZE, Long.MAX_VALUE), MAX_BLOCK_SIZE);
                acknowledged.put("blksize", Integer.toString(blockSize));
            }
            if (request.options().containsKey("timeout")) {
                long seconds = number("timeout", 1, 255);
                timeout = Duration.ofSeconds(seconds);
                acknowledged.put("timeout", Long.toString(seconds));
            }
        }

        long number(String option, long min, long max) throws TftpException {
            String value = request.options().get(option);
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new TftpException(ErrorCode.ILLEGAL_OPERATION, option + " '" + value + "' is not a number");
            }
            if (n < min || n > max) {
                throw new TftpException(
                        ErrorCode.OPTION_REFUSED,
                        option + " " + n + " is out of range (" + min
                                + (max == Long.MAX_VALUE ? " or more" : " to " + max) + ")");
            }
            return n;
        }

        TransferOptions build() {
            return new TransferOptions(blockSize, timeout, acknowledged);
        }
    }
}
