package org.socketlab.lab.draw;

import org.socketlab.options.TcpState;

/**
 * An inferred state set beside what the kernel showed for the same socket.
 *
 * @param end the socket's own end
 * @param peer the other end
 * @param inferred the state inferred from the segments
 * @param observed the state the kernel reported
 */
public record StateCheck(Endpoint end, Endpoint peer, TcpState inferred, TcpState observed) {

    /** Whether the kernel agrees with the inference. */
    public boolean confirmed() {
        return inferred == observed;
    }

    /** {@code ✔ 127.0.0.1:8765 CLOSE_WAIT (ss: CLOSE-WAIT)} or {@code ✘ ... FIN_WAIT_2 (ss: TIME-WAIT)}. */
    @Override
    public String toString() {
        return (confirmed() ? "✔ " : "✘ ") + end + " " + inferred + " (ss: " + observed.ssName() + ")";
    }
}
