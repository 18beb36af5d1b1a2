package org.socketlab.lab.draw;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One TCP segment as tcpdump printed it, with what the parser worked out from the segments around it.
 *
 * <p>Sequence numbers come twice: {@code seq}/{@code ack} absolute (as {@code tcpdump -S} prints them) and
 * {@code relativeSeq}/{@code relativeAck} counted from the initial sequence number of each direction (as tcpdump
 * prints them by default: the SYN is 0, the first data byte 1). Either is empty when tcpdump printed none (a pure
 * ACK has no {@code seq}; a SYN has no {@code ack}).
 *
 * @param line the number of the input line the segment starts on, from 1
 * @param time seconds since the epoch ({@code -tt}), or since midnight when tcpdump printed the time of day
 * @param source the sending end
 * @param destination the receiving end
 * @param flags tcpdump's flags between the brackets: {@code S} SYN, {@code F} FIN, {@code R} RST, {@code P} PSH,
 *     {@code .} ACK, {@code E} ECE, {@code W} CWR, {@code U} URG; e.g. {@code "S."}, {@code "FP."}, {@code "S.E"}
 * @param seq the absolute sequence number of the first byte (or of the SYN or FIN), if printed
 * @param ack the absolute acknowledgement number, if printed
 * @param relativeSeq {@code seq} relative to this direction's initial sequence number
 * @param relativeAck {@code ack} relative to the other direction's initial sequence number
 * @param length the payload length tcpdump printed ({@code length N}); with GSO on loopback it may exceed the MSS
 * @param window the advertised window as printed (not scaled), if printed
 * @param options the TCP options as printed, one item each: {@code mss 88}, {@code sackOK}, {@code TS val 1 ecr 0},
 *     {@code nop}, {@code wscale 7}
 * @param retransmission whether this segment carries sequence space (data, SYN or FIN) that the same end already sent
 * @param unanswered for a SYN: whether no SYN-ACK (nor RST) came back for it in the capture
 * @param text the line(s) as tcpdump printed them, joined with one space
 */
public record Segment(
        int line,
        double time,
        Endpoint source,
        Endpoint destination,
        String flags,
        OptionalLong seq,
        OptionalLong ack,
        OptionalLong relativeSeq,
        OptionalLong relativeAck,
        int length,
        OptionalInt window,
        List<String> options,
        boolean retransmission,
        boolean unanswered,
        String text) {

    public Segment {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(flags, "flags");
        options = List.copyOf(options);
    }

    /** Whether the SYN flag is set (a SYN or a SYN-ACK). */
    public boolean isSyn() {
        return flags.indexOf('S') >= 0;
    }

    /** Whether the ACK flag is set. */
    public boolean isAck() {
        return flags.indexOf('.') >= 0;
    }

    /** Whether the FIN flag is set. */
    public boolean isFin() {
        return flags.indexOf('F') >= 0;
    }

    /** Whether the RST flag is set. */
    public boolean isRst() {
        return flags.indexOf('R') >= 0;
    }

    /** A SYN without ACK: a connection attempt (or its retransmission). */
    public boolean isConnectionRequest() {
        return isSyn() && !isAck();
    }

    /** How much sequence space the segment takes: its payload, plus one for a SYN and one for a FIN. */
    public long sequenceSpace() {
        return length + (isSyn() ? 1 : 0) + (isFin() ? 1 : 0);
    }

    /** The MSS option (a SYN's), if present. */
    public OptionalInt mss() {
        for (String option : options) {
            if (option.startsWith("mss ")) {
                try {
                    return OptionalInt.of(Integer.parseInt(option.substring(4).trim()));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The short label every view writes on the arrow: flags, relative seq (a range when there is data), relative
     * ack, length when there is data, and the MSS of a SYN, e.g. {@code [P.] seq 1:7 ack 1 len 6} or
     * {@code [S] seq 0 mss 88}.
     */
    public String label() {
        return label(false);
    }

    /** The label, with the advertised window at its end when {@code window} is set: {@code ... len 6 win 512}. */
    public String label(boolean window) {
        StringBuilder label = new StringBuilder("[").append(flags).append(']');
        relativeSeq.ifPresent(s -> {
            label.append(" seq ").append(s);
            if (length > 0) {
                label.append(':').append(s + length);
            }
        });
        relativeAck.ifPresent(a -> label.append(" ack ").append(a));
        if (length > 0) {
            label.append(" len ").append(length);
        }
        mss().ifPresent(m -> label.append(" mss ").append(m));
        if (window) {
            this.window.ifPresent(w -> label.append(" win ").append(w));
        }
        return label.toString();
    }
}
