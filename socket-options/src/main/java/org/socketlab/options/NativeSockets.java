package org.socketlab.options;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channel;

/**
 * setsockopt(2) and getsockopt(2) on a channel's file descriptor, for what the JDK does not offer: TCP_MAXSEG and
 * TCP_INFO. Linux only.
 *
 * <p>The descriptor is read through {@code sun.nio.ch.SelChImpl#getFDVal}, which needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}; the jars carry it in their manifest. JNA and libc are
 * loaded on first use, so programs that set no native option never pay for them. Thread-safe.
 */
public final class NativeSockets {
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int IPPROTO_TCP = 6;
    static final int TCP_MAXSEG = 2;
    static final int TCP_INFO = 11;
    private static final int TCP_INFO_SIZE = 232;
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private NativeSockets() {
    }

    /** Whether native options work on this OS. */
    public static boolean supported() {
        return LINUX;
    }

    /**
     * The file descriptor of an open channel from {@code java.nio.channels}.
     *
     * @throws SocketOptionException if this JVM does not export sun.nio.ch to us, naming the VM option to add
     */
    public static int fd(Channel channel, SockOpt forOption) throws SocketOptionException {
        MethodHandle getFdVal = Fd.GET_FD_VAL;
        if (getFdVal == null) {
            throw new SocketOptionException(forOption, 0, forOption + " needs the socket's file descriptor, which this JVM "
                    + "hides: run java with --add-exports java.base/sun.nio.ch=ALL-UNNAMED (the jars do this themselves)");
        }
        try {
            return (int) getFdVal.invokeExact(channel);
        } catch (ClassCastException e) {
            throw new SocketOptionException(forOption, 0, (forOption == null ? "TCP_INFO" : forOption.name())
                    + " cannot be reached on a " + channel.getClass().getSimpleName()
                    + ": the JDK gives no file descriptor for it; use a server model built on SocketChannel");
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, e);
        }
    }

    /**
     * Sets an integer option at level IPPROTO_TCP.
     *
     * @throws SocketOptionException naming the errno and what the kernel accepts
     */
    static void setTcpInt(Channel channel, SockOpt option, int name, int value) throws SocketOptionException {
        requireLinux(option);
        int fd = fd(channel, option);
        try {
            LibC.setsockopt(fd, IPPROTO_TCP, name, new int[] {value}, 4);
        } catch (LastErrorException e) {
            throw new SocketOptionException(option, e.getErrorCode(), Errno.explainRefusal(option, value, e.getErrorCode()));
        }
    }

    /** Reads an integer option at the given level (SOL_SOCKET or IPPROTO_TCP). */
    static int getInt(Channel channel, SockOpt option, int level, int name) throws SocketOptionException {
        requireLinux(option);
        int fd = fd(channel, option);
        int[] value = new int[1];
        try {
            LibC.getsockopt(fd, level, name, value, new int[] {4});
            return value[0];
        } catch (LastErrorException e) {
            throw new SocketOptionException(option, e.getErrorCode(),
                    "getsockopt " + option + " failed: " + Errno.describe(e.getErrorCode()));
        }
    }

    /**
     * Takes the socket's pending error (getsockopt SO_ERROR), e.g. ECONNRESET or EPIPE after the peer answered
     * with a RST that no read or write has reported yet; 0 for none, or on an OS other than Linux.
     */
    public static int takePendingError(Channel channel) {
        if (!supported()) {
            return 0;
        }
        try {
            return getInt(channel, null, SOL_SOCKET, SO_ERROR);
        } catch (SocketOptionException e) {
            return 0;
        }
    }

    /** The name and meaning of an errno, e.g. "EPIPE (Broken pipe)". */
    public static String describeErrno(int errno) {
        return Errno.describe(errno);
    }

    /**
     * Reads TCP_INFO of a socket channel.
     *
     * @throws SocketOptionException if the kernel refuses or the OS is not Linux
     */
    public static TcpInfo tcpInfo(Channel channel) throws SocketOptionException {
        requireLinux(null);
        int fd = fd(channel, null);
        byte[] raw = new byte[TCP_INFO_SIZE];
        try {
            LibC.getsockopt(fd, IPPROTO_TCP, TCP_INFO, raw, new int[] {TCP_INFO_SIZE});
        } catch (LastErrorException e) {
            throw new SocketOptionException(null, e.getErrorCode(), "getsockopt TCP_INFO failed: "
                    + Errno.describe(e.getErrorCode()));
        }
        // Offsets of struct tcp_info in include/uapi/linux/tcp.h, stable since Linux 2.6; native byte order.
        ByteBuffer m = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return new TcpInfo(TcpState.ofKernelNumber(Byte.toUnsignedInt(m.get(0))),
                Byte.toUnsignedInt(m.get(2)), u32(m, 8), (int) u32(m, 16), (int) u32(m, 20),
                (int) u32(m, 60), u32(m, 68), u32(m, 72), u32(m, 80), (int) u32(m, 84), u32(m, 100));
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    private static void requireLinux(SockOpt option) throws SocketOptionException {
        if (!supported()) {
            String what = option == null ? "TCP_INFO" : option.name();
            throw new SocketOptionException(option, 0, what + " is set natively and supported on Linux only, not on "
                    + System.getProperty("os.name") + "; every other option still works");
        }
    }

    /** libc through JNA direct mapping (cheaper per call than a proxy interface), registered on first use. */
    private static final class LibC {
        static {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        }

        private LibC() {
        }

        static native int setsockopt(int fd, int level, int name, int[] value, int length) throws LastErrorException;

        static native int getsockopt(int fd, int level, int name, int[] value, int[] length) throws LastErrorException;

        static native int getsockopt(int fd, int level, int name, byte[] value, int[] length) throws LastErrorException;
    }

    /**
     * The JDK's file-descriptor accessor as a method handle, {@code (Channel) -> int}, resolved on first use; null if
     * this JVM does not export sun.nio.ch to us. A constant handle costs a plain interface call, not reflection.
     */
    private static final class Fd {
        static final MethodHandle GET_FD_VAL = resolve();

        private static MethodHandle resolve() {
            try {
                Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
                return MethodHandles.lookup().findVirtual(selChImpl, "getFDVal", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Channel.class));
            } catch (IllegalAccessException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this JDK has no sun.nio.ch.SelChImpl.getFDVal", e);
            }
        }
    }
}
