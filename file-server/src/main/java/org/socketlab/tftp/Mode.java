package org.socketlab.tftp;

import java.util.Locale;
import java.util.Optional;

/** A transfer mode of RFC 1350: the bytes as they are, or text with CR LF line ends on the wire. */
public enum Mode {
    /** The file's bytes unchanged. */
    OCTET,
    /** Text: LF in the file is CR LF on the wire, CR is CR NUL (RFC 764's NVT ASCII). */
    NETASCII;

    /** The mode named in a request (case-insensitive); "mail" and anything else are not modes this server has. */
    public static Optional<Mode> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "octet" -> Optional.of(OCTET);
            case "netascii" -> Optional.of(NETASCII);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
