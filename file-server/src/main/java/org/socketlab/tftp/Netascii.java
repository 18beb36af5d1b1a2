package org.socketlab.tftp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The netascii mode of RFC 1350 (RFC 764's NVT ASCII): on the wire a line ends with CR LF and a lone CR is sent as
 * CR NUL, whatever the hosts use in their files. A Linux file's LF becomes CR LF when sent and back when received.
 * The conversion is a stream, so that a CR LF pair split across two blocks is handled like any other.
 */
public final class Netascii {

    private Netascii() {}

    /** The file's bytes as netascii: LF becomes CR LF, CR becomes CR NUL. */
    public static InputStream encoding(InputStream file) {
        return new Encoder(file);
    }

    /** Netascii back to the file's bytes: CR LF becomes LF, CR NUL becomes CR; a CR before anything else stays. */
    public static OutputStream decoding(OutputStream file) {
        return new Decoder(file);
    }

    private static final class Encoder extends FilterInputStream {
        /** The second byte of a pair whose CR was returned by the last read, or -1. */
        private int pending = -1;

        Encoder(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (pending >= 0) {
                int b = pending;
                pending = -1;
                return b;
            }
            int b = in.read();
            if (b == '\n') {
                pending = '\n';
                return '\r';
            }
            if (b == '\r') {
                pending = 0;
                return '\r';
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = 0;
            while (n < length) {
                int b = read();
                if (b < 0) {
                    return n == 0 ? -1 : n;
                }
                buffer[offset + n++] = (byte) b;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("netascii is read in order");
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static final class Decoder extends FilterOutputStream {
        private boolean afterCr;

        Decoder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            b &= 0xff;
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    out.write('\n');
                    return;
                }
                out.write('\r');
                if (b == 0) {
                    return;
                }
            }
            if (b == '\r') {
                afterCr = true;
            } else {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            for (int i = 0; i < length; i++) {
                write(buffer[offset + i]);
            }
        }

        /** A CR at the very end of the transfer had no second byte: it is written as it came. */
        @Override
        public void close() throws IOException {
            if (afterCr) {
                afterCr = false;
                out.write('\r');
            }
            super.close();
        }
    }
}
