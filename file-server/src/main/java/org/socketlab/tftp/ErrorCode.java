package org.socketlab.tftp;

/** The error codes of RFC 1350 §5, and 8 of RFC 2347, with the words the server's lines use for them. */
public enum ErrorCode {
    NOT_DEFINED(0, "not defined"),
    FILE_NOT_FOUND(1, "file not found"),
    ACCESS_VIOLATION(2, "access violation"),
    DISK_FULL(3, "disk full or allocation exceeded"),
    ILLEGAL_OPERATION(4, "illegal TFTP operation"),
    UNKNOWN_TID(5, "unknown transfer ID"),
    FILE_EXISTS(6, "file already exists"),
    NO_SUCH_USER(7, "no such user"),
    OPTION_REFUSED(8, "option negotiation refused");

    private final int code;
    private final String words;

    ErrorCode(int code, String words) {
        this.code = code;
        this.words = words;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The RFC's meaning, e.g. "access violation". */
    public String words() {
        return words;
    }

    /** The code for a number on the wire; an unknown number reads as {@link #NOT_DEFINED}. */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return NOT_DEFINED;
    }

    @Override
    public String toString() {
        return "error " + code + " (" + words + ")";
    }
}
