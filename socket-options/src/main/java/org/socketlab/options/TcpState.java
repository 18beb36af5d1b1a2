package org.socketlab.options;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of TCP's state machine (RFC 9293), each with the number the Linux kernel gives it
 * (include/net/tcp_states.h: the {@code st} column of /proc/net/tcp, the first byte of TCP_INFO) and the name
 * {@code ss} prints. {@link #NEW_SYN_RECV} is the kernel's own: a connection still in its handshake, before it
 * gets a socket of its own.
 */
public enum TcpState {
    UNKNOWN(0, "UNKNOWN"),
    ESTABLISHED(1, "ESTAB"),
    SYN_SENT(2, "SYN-SENT"),
    SYN_RECV(3, "SYN-RECV"),
    FIN_WAIT_1(4, "FIN-WAIT-1"),
    FIN_WAIT_2(5, "FIN-WAIT-2"),
    TIME_WAIT(6, "TIME-WAIT"),
    CLOSED(7, "UNCONN"),
    CLOSE_WAIT(8, "CLOSE-WAIT"),
    LAST_ACK(9, "LAST-ACK"),
    LISTEN(10, "LISTEN"),
    CLOSING(11, "CLOSING"),
    NEW_SYN_RECV(12, "SYN-RECV");

    private final int kernelNumber;
    private final String ssName;

    TcpState(int kernelNumber, String ssName) {
        this.kernelNumber = kernelNumber;
        this.ssName = ssName;
    }

    /** The state with the kernel's number, or UNKNOWN. */
    public static TcpState ofKernelNumber(int number) {
        for (TcpState state : values()) {
            if (state.kernelNumber == number) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /** The name {@code ss -tan} prints, e.g. {@code ESTAB}, {@code FIN-WAIT-2}. */
    public String ssName() {
        return ssName;
    }

    /**
     * The state a name stands for, in any of the spellings the tools use: this enum's ({@code FIN_WAIT_2}),
     * {@code ss}'s ({@code FIN-WAIT-2}, {@code ESTAB}, {@code UNCONN}), netstat's and the kernel's ({@code FIN_WAIT2},
     * {@code CLOSE}) or {@code /proc/net/tcp}'s hexadecimal number ({@code 05}); case is ignored.
     *
     * @return the state, or empty for a name that is none of them
     */
    public static Optional<TcpState> fromName(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (n.matches("[0-9A-F]{2}")) {
            TcpState state = ofKernelNumber(Integer.parseInt(n, 16));
            return state == UNKNOWN ? Optional.empty() : Optional.of(state);
        }
        switch (n) {
            case "ESTAB" -> n = "ESTABLISHED";
            case "UNCONN", "CLOSE" -> n = "CLOSED";
            case "FIN_WAIT1" -> n = "FIN_WAIT_1";
            case "FIN_WAIT2" -> n = "FIN_WAIT_2";
            case "SYN_RECEIVED" -> n = "SYN_RECV";
            default -> {}
        }
        for (TcpState state : values()) {
            if (state != UNKNOWN && state != NEW_SYN_RECV && state.name().equals(n)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
