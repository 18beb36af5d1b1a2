package org.socketlab.lab.draw;

import java.util.Locale;
import java.util.Optional;

/** The states of RFC 9293's TCP state machine, as Linux names them in {@code /proc/net/tcp} and {@code ss}. */
public enum TcpState {
    CLOSED("UNCONN"),
    LISTEN("LISTEN"),
    SYN_SENT("SYN-SENT"),
    SYN_RECV("SYN-RECV"),
    ESTABLISHED("ESTAB"),
    FIN_WAIT_1("FIN-WAIT-1"),
    FIN_WAIT_2("FIN-WAIT-2"),
    CLOSE_WAIT("CLOSE-WAIT"),
    CLOSING("CLOSING"),
    LAST_ACK("LAST-ACK"),
    TIME_WAIT("TIME-WAIT");

    private final String ssName;

    TcpState(String ssName) {
        this.ssName = ssName;
    }

    /** The name {@code ss -tan} prints, e.g. {@code ESTAB}, {@code FIN-WAIT-2}. */
    public String ssName() {
        return ssName;
    }

    /**
     * The state a name stands for, in any of the spellings the tools use: this enum's ({@code FIN_WAIT_2}),
     * {@code ss}'s ({@code FIN-WAIT-2}, {@code ESTAB}, {@code UNCONN}), netstat's ({@code FIN_WAIT2}) or
     * {@code /proc/net/tcp}'s hexadecimal number ({@code 05}); case is ignored.
     *
     * @return the state, or empty for a name that is none of them
     */
    public static Optional<TcpState> fromName(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        switch (n) {
            case "ESTAB", "01" -> n = "ESTABLISHED";
            case "UNCONN", "07" -> n = "CLOSED";
            case "FIN_WAIT1", "04" -> n = "FIN_WAIT_1";
            case "FIN_WAIT2", "05" -> n = "FIN_WAIT_2";
            case "SYN_RECEIVED", "03" -> n = "SYN_RECV";
            case "02" -> n = "SYN_SENT";
            case "06" -> n = "TIME_WAIT";
            case "08" -> n = "CLOSE_WAIT";
            case "09" -> n = "LAST_ACK";
            case "0A" -> n = "LISTEN";
            case "0B" -> n = "CLOSING";
            default -> {}
        }
        for (TcpState state : values()) {
            if (state.name().equals(n)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
