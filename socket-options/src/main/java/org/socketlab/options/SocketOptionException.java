package org.socketlab.options;

import java.net.SocketException;

/**
 * The kernel refused a socket option, or the option cannot be reached on this platform. The message is one line
 * that names the option, the errno and what the kernel accepts.
 */
public class SocketOptionException extends SocketException {
    private static final long serialVersionUID = 1L;

    private final transient SockOpt option;
    private final int errno;

    /**
     * @param option the option concerned, null when the failure concerns what is only read (TCP_INFO, SO_ERROR)
     * @param errno the errno the kernel returned, 0 when no system call was made
     * @param message one line: what, why, what to do
     */
    public SocketOptionException(SockOpt option, int errno, String message) {
        super(message);
        this.option = option;
        this.errno = errno;
    }

    /** The option concerned, null when the failure concerns what is only read (TCP_INFO, SO_ERROR). */
    public SockOpt option() {
        return option;
    }

    /** The errno of the refusal, 0 when no system call was made. */
    public int errno() {
        return errno;
    }
}
