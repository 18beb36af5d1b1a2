package org.socketlab.options;

import com.google.common.primitives.Longs;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import jdk.net.ExtendedSocketOptions;

/**
 * Every socket option of the lab, by its socket(7), tcp(7) or ip(7) name.
 *
 * <p>Each option knows its value type and range, the socket it is meant for on the server and on the client,
 * and how the JDK reaches it. TCP_MAXSEG and TCP_USER_TIMEOUT have no JDK equivalent and are set natively;
 * SO_TIMEOUT is the JDK's read timeout (the equivalent of SO_RCVTIMEO), which the program that reads applies.
 */
public enum SockOpt {
    SO_REUSEADDR(
            Type.BOOLEAN,
            0,
            1,
            SocketRole.LISTENING,
            null,
            StandardSocketOptions.SO_REUSEADDR,
            "bind() succeeds while old connections on the port are still in TIME_WAIT"),
    SO_REUSEPORT(
            Type.BOOLEAN,
            0,
            1,
            SocketRole.LISTENING,
            null,
            StandardSocketOptions.SO_REUSEPORT,
            "several listening sockets may bind the same port; the kernel spreads connections among them"),
    SO_RCVBUF(
            Type.INTEGER,
            1,
            Integer.MAX_VALUE,
            SocketRole.LISTENING,
            SocketRole.CONNECTING,
            StandardSocketOptions.SO_RCVBUF,
            "receive buffer in bytes (the kernel doubles it); sets the window scale, so it is applied before"
                    + " listen/connect"),
    SO_SNDBUF(
            Type.INTEGER,
            1,
            Integer.MAX_VALUE,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            StandardSocketOptions.SO_SNDBUF,
            "send buffer in bytes (the kernel doubles it)"),
    SO_LINGER(
            Type.INTEGER,
            -1,
            65535,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            StandardSocketOptions.SO_LINGER,
            "seconds close() waits for unsent data; 0 = abortive close (RST instead of FIN); -1 = off"),
    SO_KEEPALIVE(
            Type.BOOLEAN,
            0,
            1,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            StandardSocketOptions.SO_KEEPALIVE,
            "probe an idle connection to find out whether the peer is still there"),
    SO_TIMEOUT(
            Type.INTEGER,
            0,
            Integer.MAX_VALUE,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            null,
            "read timeout in milliseconds (like SO_RCVTIMEO); 0 = wait forever"),
    TCP_NODELAY(
            Type.BOOLEAN,
            0,
            1,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            StandardSocketOptions.TCP_NODELAY,
            "disable Nagle's algorithm: send small segments at once instead of waiting for the ACK"),
    TCP_QUICKACK(
            Type.BOOLEAN,
            0,
            1,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            ExtendedSocketOptions.TCP_QUICKACK,
            "ACK at once instead of delaying the ACK (the kernel may turn it off again later)"),
    TCP_KEEPIDLE(
            Type.INTEGER,
            1,
            32767,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            ExtendedSocketOptions.TCP_KEEPIDLE,
            "seconds of idleness before the first keep-alive probe (with SO_KEEPALIVE)"),
    TCP_KEEPINTVL(
            Type.INTEGER,
            1,
            32767,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            ExtendedSocketOptions.TCP_KEEPINTERVAL,
            "seconds between keep-alive probes (with SO_KEEPALIVE)"),
    TCP_KEEPCNT(
            Type.INTEGER,
            1,
            127,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            ExtendedSocketOptions.TCP_KEEPCOUNT,
            "unanswered keep-alive probes before the connection is dropped (with SO_KEEPALIVE)"),
    TCP_MAXSEG(
            Type.INTEGER,
            0,
            65535,
            SocketRole.LISTENING,
            SocketRole.CONNECTING,
            null,
            "maximum segment size announced in the SYN (Linux accepts 88..32767; 0 = the route's MSS); set natively"),
    TCP_USER_TIMEOUT(
            Type.INTEGER,
            0,
            Integer.MAX_VALUE,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            null,
            "milliseconds sent data may stay unacknowledged before the kernel drops the connection (ETIMEDOUT); "
                    + "0 = tcp_retries2 decides (about 15 min); set natively"),
    IP_TOS(
            Type.INTEGER,
            0,
            255,
            SocketRole.ACCEPTED,
            SocketRole.CONNECTING,
            StandardSocketOptions.IP_TOS,
            "type-of-service / DSCP byte of the IP header");

    /** The kinds of value an option takes. */
    private enum Type {
        BOOLEAN,
        INTEGER
    }

    private final Type type;
    private final int min;
    private final int max;
    private final SocketRole serverTarget;
    private final SocketRole clientTarget;
    private final SocketOption<?> jdkOption;
    private final String description;

    SockOpt(
            Type type,
            int min,
            int max,
            SocketRole serverTarget,
            SocketRole clientTarget,
            SocketOption<?> jdkOption,
            String description) {
        this.type = type;
        this.min = min;
        this.max = max;
        this.serverTarget = serverTarget;
        this.clientTarget = clientTarget;
        this.jdkOption = jdkOption;
        this.description = description;
    }

    /**
     * Looks an option up by name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid options, if there is no such option
     */
    public static SockOpt named(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        for (SockOpt option : values()) {
            if (option.name().equals(wanted)) {
                return option;
            }
        }
        throw new IllegalArgumentException("unknown socket option '" + name + "'; valid options: " + validNames());
    }

    /** All option names, comma-separated, for messages. */
    public static String validNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * Parses a value of this option: true/false (also 1/0, yes/no, on/off) for booleans, a decimal integer in
     * range for integers.
     *
     * @throws IllegalArgumentException stating the allowed values
     */
    public Object parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (type == Type.BOOLEAN) {
            switch (value) {
                case "true", "1", "yes", "on":
                    return Boolean.TRUE;
                case "false", "0", "no", "off":
                    return Boolean.FALSE;
                default:
                    throw new IllegalArgumentException(
                            "bad value '" + text + "' for " + name() + ": allowed values are " + allowedValues());
            }
        }
        Long number = value.isEmpty() || value.length() > 12 ? null : Longs.tryParse(value);
        if (number == null || number < min || number > max) {
            throw new IllegalArgumentException(
                    "bad value '" + text + "' for " + name() + ": allowed values are " + allowedValues());
        }
        return number.intValue();
    }

    /**
     * The allowed values in words, e.g. "true or false" or "an integer from 0 to 255"; for TCP_MAXSEG the kernel's
     * range (a value outside it passes, for the kernel to refuse it with EINVAL, as a student's C program sees).
     */
    public String allowedValues() {
        if (this == TCP_MAXSEG) {
            return "an integer from 88 to 32767 or 0";
        }
        return type == Type.BOOLEAN ? "true or false" : "an integer from " + min + " to " + max;
    }

    /** The socket this option is meant for on the given side, if any. */
    public Optional<SocketRole> targetOn(Side side) {
        return Optional.ofNullable(side == Side.SERVER ? serverTarget : clientTarget);
    }

    /**
     * The JDK's socket option, empty for options the JDK does not have (TCP_MAXSEG, TCP_USER_TIMEOUT) or handles
     * itself (SO_TIMEOUT).
     */
    public Optional<SocketOption<?>> jdkOption() {
        return Optional.ofNullable(jdkOption);
    }

    /** What the option does, in one line. */
    public String description() {
        return description;
    }

    /** Which program an option is given to. */
    public enum Side {
        SERVER,
        CLIENT
    }
}
