package org.socketlab.options;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable set of option values for one {@link SocketRole}, validated when built: every option is meant for
 * that target, every value is in range, and no option is given twice with different values.
 */
public final class OptionSet {
    private final SocketRole target;
    private final Map<SockOpt, Object> values;

    private OptionSet(SocketRole target, Map<SockOpt, Object> values) {
        this.target = target;
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** An empty set for the target. */
    public static OptionSet empty(SocketRole target) {
        return new OptionSet(target, new EnumMap<>(SockOpt.class));
    }

    /** A builder for the target. */
    public static Builder builder(SocketRole target) {
        return new Builder(target);
    }

    /** The socket these options are for. */
    public SocketRole target() {
        return target;
    }

    /** The options and their values, in declaration order. Values are {@link Boolean} or {@link Integer}. */
    public Map<SockOpt, Object> values() {
        return values;
    }

    /** The value of an option, if set. */
    public Optional<Object> get(SockOpt option) {
        return Optional.ofNullable(values.get(option));
    }

    /** The read timeout in milliseconds (SO_TIMEOUT), 0 if none. */
    public int readTimeoutMillis() {
        return (Integer) values.getOrDefault(SockOpt.SO_TIMEOUT, 0);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionSet other && target == other.target && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return target.hashCode() * 31 + values.hashCode();
    }

    /** E.g. {@code TCP_MAXSEG=88 TCP_NODELAY=true}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** Collects values for one target; {@link #build()} returns the immutable set. Not thread-safe. */
    public static final class Builder {
        private final SocketRole target;
        private final EnumMap<SockOpt, Object> values = new EnumMap<>(SockOpt.class);

        private Builder(SocketRole target) {
            this.target = target;
        }

        /**
         * Sets an option, checking that it is meant for this target and its value is in range.
         *
         * @throws IllegalArgumentException if the option is for another socket, the value is out of range, or
         *     the option was already given a different value
         */
        public Builder set(SockOpt option, Object value) {
            Object checked = option.parse(String.valueOf(value));
            SockOpt.Side side = target == SocketRole.CONNECTING ? SockOpt.Side.CLIENT : SockOpt.Side.SERVER;
            Optional<SocketRole> meant = option.targetOn(side);
            if (meant.isEmpty()) {
                throw new IllegalArgumentException(option + " means nothing on the "
                        + side.name().toLowerCase() + ": it applies to the server's listening socket only");
            }
            if (meant.get() != target) {
                throw new IllegalArgumentException(
                        option + " applies to " + meant.get().description() + ", not to " + target.description());
            }
            Object previous = values.get(option);
            if (previous != null && !previous.equals(checked)) {
                throw new IllegalArgumentException(option + " given twice with different values (" + previous + " and "
                        + checked + "); give it once");
            }
            values.put(option, checked);
            return this;
        }

        /** Sets an option unless it has been given already (for defaults that the user may override). */
        public Builder setIfAbsent(SockOpt option, Object value) {
            return values.containsKey(option) ? this : set(option, value);
        }

        public OptionSet build() {
            return new OptionSet(target, values);
        }
    }
}
