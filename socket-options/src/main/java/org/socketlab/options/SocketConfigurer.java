package org.socketlab.options;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an {@link OptionSet} to a channel and reads back what the kernel made of it.
 *
 * <p>The caller picks the moment: a {@link SocketRole#LISTENING} set right after the channel is opened, before
 * bind; a {@link SocketRole#CONNECTING} set before connect; a {@link SocketRole#ACCEPTED} set right after accept.
 * SO_TIMEOUT is not a kernel option here: the code that reads applies it ({@link OptionSet#readTimeoutMillis()}).
 */
public final class SocketConfigurer {

    private SocketConfigurer() {}

    /**
     * Sets every option of the set on the channel.
     *
     * @throws SocketOptionException if the kernel refuses an option (naming the errno) or the platform lacks it
     * @throws IOException if the channel is closed
     */
    public static void apply(OptionSet options, NetworkChannel channel) throws IOException {
        if (options.isEmpty()) {
            return; // no option asked for
        }
        for (Map.Entry<SockOpt, Object> entry : options.values().entrySet()) {
            set(channel, entry.getKey(), entry.getValue());
        }
    }

    /** Sets one option on the channel. */
    public static void set(NetworkChannel channel, SockOpt option, Object value) throws IOException {
        if (NativeOption.setting(option).isPresent()) {
            NativeSockets.set(channel, option, (Integer) value);
            return;
        }
        if (option == SockOpt.SO_TIMEOUT) {
            return;
        }
        SocketOption<?> jdkOption = option.jdkOption().orElseThrow();
        if (!channel.supportedOptions().contains(jdkOption)) {
            throw new SocketOptionException(
                    option,
                    0,
                    option + " is not supported by this JDK on " + System.getProperty("os.name") + " for "
                            + channel.getClass().getSimpleName());
        }
        setJdk(channel, jdkOption, value);
    }

    @SuppressWarnings("unchecked")
    private static <T> void setJdk(NetworkChannel channel, SocketOption<T> option, Object value) throws IOException {
        channel.setOption(option, (T) value);
    }

    /**
     * Reads the effective value of each option the channel supports, e.g. TCP_MAXSEG 76 after asking for 88 (the
     * kernel subtracts the 12 bytes of the timestamp option once connected). Options the platform lacks read as
     * "unsupported"; SO_TIMEOUT reads as {@code configuredTimeoutMillis}.
     */
    public static Map<SockOpt, String> readBack(
            NetworkChannel channel, Set<SockOpt> which, int configuredTimeoutMillis) {
        Map<SockOpt, String> effective = new LinkedHashMap<>();
        for (SockOpt option : EnumSet.copyOf(which)) {
            effective.put(option, read(channel, option, configuredTimeoutMillis));
        }
        return effective;
    }

    /** The options that make sense to read back on a socket of the target. */
    public static Set<SockOpt> optionsOf(SocketRole target) {
        EnumSet<SockOpt> options = EnumSet.noneOf(SockOpt.class);
        for (SockOpt option : SockOpt.values()) {
            boolean listeningOnly = option.targetOn(SockOpt.Side.CLIENT).isEmpty();
            if (target == SocketRole.LISTENING
                    ? option.targetOn(SockOpt.Side.SERVER).orElse(null) == SocketRole.LISTENING
                    : !listeningOnly) {
                options.add(option);
            }
        }
        return options;
    }

    private static String read(NetworkChannel channel, SockOpt option, int configuredTimeoutMillis) {
        try {
            Optional<NativeOption> nativeOption = NativeOption.setting(option);
            if (nativeOption.isPresent()) {
                return NativeSockets.supported()
                        ? String.valueOf(NativeSockets.getInt(channel, nativeOption.get()))
                        : "unsupported on " + System.getProperty("os.name");
            }
            if ((option == SockOpt.SO_SNDBUF || option == SockOpt.SO_RCVBUF) && NativeSockets.supported()) {
                // The JDK halves what Linux reports; the kernel's own figure is twice the size asked for (socket(7)).
                return String.valueOf(NativeSockets.getInt(
                        channel, option == SockOpt.SO_SNDBUF ? NativeOption.SO_SNDBUF : NativeOption.SO_RCVBUF));
            }
            if (option == SockOpt.SO_TIMEOUT) {
                return String.valueOf(configuredTimeoutMillis);
            }
            SocketOption<?> jdkOption = option.jdkOption().orElseThrow();
            return channel.supportedOptions().contains(jdkOption)
                    ? String.valueOf(channel.getOption(jdkOption))
                    : "unsupported";
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
