package org.socketlab.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of {@code --list-options}: every option a program takes, the socket it goes to, its values, its
 * default on this machine (read from fresh sockets) and what it does.
 */
public final class OptionTable {

    private OptionTable() {}

    /**
     * The table for one side.
     *
     * @param side the program the options are given to
     * @param programDefaults values the program sets whatever the kernel's default (the server's SO_REUSEADDR)
     */
    public static List<String> lines(SockOpt.Side side, Map<SockOpt, Object> programDefaults) {
        List<String> lines = new ArrayList<>();
        int nameWidth = Arrays.stream(SockOpt.values())
                .mapToInt(o -> o.toString().length())
                .max()
                .getAsInt();
        String format = "%-" + nameWidth + "s %-10s %-18s %-32s %s";
        lines.add(String.format(format, "NAME", "SOCKET", "DEFAULT HERE", "VALUES", "WHAT IT DOES"));
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.INET);
                SocketChannel connecting = SocketChannel.open(StandardProtocolFamily.INET)) {
            for (SockOpt option : SockOpt.values()) {
                SocketRole target = option.targetOn(side).orElse(null);
                if (target == null) {
                    continue;
                }
                NetworkChannel fresh = target == SocketRole.LISTENING ? listening : connecting;
                String kernel =
                        SocketConfigurer.readBack(fresh, Set.of(option), 0).get(option);
                Object ours = programDefaults.get(option);
                String shown =
                        ours == null || String.valueOf(ours).equals(kernel) ? kernel : ours + " (JDK: " + kernel + ")";
                lines.add(String.format(
                        format,
                        option,
                        target.name().toLowerCase(),
                        shown,
                        option.allowedValues(),
                        option.description()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a socket to read the defaults", e);
        }
        return lines;
    }
}
