package org.socketlab.tftp;

/**
 * A request or a packet the server refuses: the error it sends (code) and the reason its line names, e.g.
 * {@code ACCESS_VIOLATION, "'..' in the name"}. The reason is also the error packet's message.
 */
public final class TftpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TftpException(ErrorCode code, String reason) {
        super(reason);
        this.code = code;
    }

    /** The error the peer is sent. */
    public ErrorCode code() {
        return code;
    }

    /** Why, in words for the server's line and the error packet. */
    public String reason() {
        return getMessage();
    }
}
