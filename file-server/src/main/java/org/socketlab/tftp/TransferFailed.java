package org.socketlab.tftp;

/**
 * A transfer that ended before its last block: the client stopped answering, sent an error, or sent a packet that
 * has no place in the transfer. The reason is for the server's line, e.g. "no ACK of block 17 after 6 tries".
 */
public final class TransferFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public TransferFailed(String reason) {
        super(reason);
    }
}
