package org.socketlab.options;

/**
 * The TCP states as the Linux kernel numbers them (include/net/tcp_states.h), which is also the {@code st}
 * column of /proc/net/tcp and the first byte of TCP_INFO.
 */
public enum TcpState {
    UNKNOWN,
    ESTABLISHED,
    SYN_SENT,
    SYN_RECV,
    FIN_WAIT1,
    FIN_WAIT2,
    TIME_WAIT,
    CLOSE,
    CLOSE_WAIT,
    LAST_ACK,
    LISTEN,
    CLOSING,
    NEW_SYN_RECV;

    /** The state with the kernel's number, or UNKNOWN. */
    public static TcpState ofKernelNumber(int number) {
        TcpState[] states = values();
        return number > 0 && number < states.length ? states[number] : UNKNOWN;
    }
}
