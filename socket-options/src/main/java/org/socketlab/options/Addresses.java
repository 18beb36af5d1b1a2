package org.socketlab.options;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as the client prints them: IPv6 in the compressed form of RFC 5952 ({@code ::1}), as ss and ip do. */
public final class Addresses {

    private Addresses() {}

    /** E.g. {@code 127.0.0.1}, {@code ::1}, {@code fe80::1%eth0}; the JDK would print {@code 0:0:0:0:0:0:0:1}. */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (Byte.toUnsignedInt(bytes[2 * i]) << 8) | Byte.toUnsignedInt(bytes[2 * i + 1]);
        }
        // The longest run of two or more zero groups, the first if two are as long, becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        String full = address.getHostAddress();
        int scope = full.indexOf('%');
        return scope < 0 ? text.toString() : text + full.substring(scope);
    }
}
