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
 * setsockopt(2) and getsockopt(2) on a channel's file descriptor, for what the JDK does not offer: TCP_MAXSEG,
 * TCP_USER_TIMEOUT and TCP_INFO. Linux only.
 *
 * <p>The descriptor is read through {@code sun.nio.ch.SelChImpl#getFDVal}, which needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}; the jars carry it in their manifest. JNA and libc are
 * loaded on first use, so programs that set no native option never pay for them. Thread-safe.
 */
public final class NativeSockets {
    private static final int TCP_INFO_SIZE = 232;
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private NativeSockets() {}

    /** Whether native options work on this OS. */
    public static boolean supported() {
        return LINUX;
    }

    /**
     * The file descriptor of an open channel from {@code java.nio.channels}.
     *
     * @param forWhat what the descriptor is needed for, named in the message if it cannot be had
     * @throws SocketOptionException if this JVM does not export sun.nio.ch to us (naming the VM option to add), or
     *     the channel has no descriptor the JDK gives out
     */
    static int fd(Channel channel, NativeOption forWhat) throws SocketOptionException {
        SockOpt option = forWhat.sockOpt().orElse(null);
        MethodHandle getFdVal = Fd.GET_FD_VAL;
        if (getFdVal == null) {
            throw new SocketOptionException(
                    option,
                    0,
                    forWhat + " needs the socket's file descriptor, which this "
                            + "JVM hides: run java with --add-exports java.base/sun.nio.ch=ALL-UNNAMED (the"
                            + " jars do this "
                            + "themselves)");
        }
        try {
            return (int) getFdVal.invokeExact(channel);
        } catch (ClassCastException e) {
            throw new SocketOptionException(
                    option,
                    0,
                    forWhat + " cannot be reached on a "
                            + channel.getClass().getSimpleName()
                            + ": the JDK gives no file descriptor for it; use a server model built on SocketChannel");
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, e);
        }
    }

    /**
     * The file descriptor of an open socket channel, e.g. to hand the socket to a child process.
     *
     * @throws IllegalStateException if this JVM hides it (run java with {@code --add-exports
     *     java.base/sun.nio.ch=ALL-UNNAMED}; the jars do this themselves)
     */
    public static int descriptor(Channel channel) {
        MethodHandle getFdVal = Fd.GET_FD_VAL;
        if (getFdVal == null) {
            throw new IllegalStateException("the socket's file descriptor is hidden by this JVM: run java with"
                    + " --add-exports java.base/sun.nio.ch=ALL-UNNAMED (the jars do this themselves)");
        }
        try {
            return (int) getFdVal.invokeExact(channel);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, e);
        }
    }

    /**
     * Sets an option the JDK does not offer (TCP_MAXSEG, TCP_USER_TIMEOUT).
     *
     * @throws SocketOptionException naming the errno and what the kernel accepts
     */
    static void set(Channel channel, SockOpt option, int value) throws SocketOptionException {
        NativeOption name = NativeOption.setting(option)
                .orElseThrow(() -> new IllegalArgumentException(option + " is not set natively"));
        requireLinux(name);
        int fd = fd(channel, name);
        try {
            LibC.setsockopt(fd, name.level.number, name.number, new int[] {value}, 4);
        } catch (LastErrorException e) {
            throw new SocketOptionException(
                    option, e.getErrorCode(), Errno.explainRefusal(option, value, e.getErrorCode()));
        }
    }

    /** Reads an integer option as the kernel reports it. */
    static int getInt(Channel channel, NativeOption name) throws SocketOptionException {
        requireLinux(name);
        int fd = fd(channel, name);
        int[] value = new int[1];
        try {
            LibC.getsockopt(fd, name.level.number, name.number, value, new int[] {4});
            return value[0];
        } catch (LastErrorException e) {
            throw new SocketOptionException(
                    name.sockOpt().orElse(null),
                    e.getErrorCode(),
                    "getsockopt " + name + " failed: " + Errno.describe(e.getErrorCode()));
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
            return getInt(channel, NativeOption.SO_ERROR);
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
        NativeOption name = NativeOption.TCP_INFO;
        requireLinux(name);
        int fd = fd(channel, name);
        byte[] raw = new byte[TCP_INFO_SIZE];
        try {
            LibC.getsockopt(fd, name.level.number, name.number, raw, new int[] {TCP_INFO_SIZE});
        } catch (LastErrorException e) {
            throw new SocketOptionException(
                    null, e.getErrorCode(), "getsockopt TCP_INFO failed: " + Errno.describe(e.getErrorCode()));
        }
        // Offsets of struct tcp_info in include/uapi/linux/tcp.h, stable since Linux 2.6; native byte order.
        ByteBuffer m = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        return new TcpInfo(
                TcpState.ofKernelNumber(Byte.toUnsignedInt(m.get(0))),
                Byte.toUnsignedInt(m.get(2)),
                Byte.toUnsignedInt(m.get(3)),
                u32(m, 8),
                (int) u32(m, 16),
                (int) u32(m, 20),
                (int) u32(m, 60),
                u32(m, 68),
                u32(m, 72),
                u32(m, 80),
                (int) u32(m, 84),
                u32(m, 100));
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    private static void requireLinux(NativeOption name) throws SocketOptionException {
        if (!supported()) {
            throw new SocketOptionException(
                    name.sockOpt().orElse(null),
                    0,
                    name + " is reached natively and "
                            + "supported on Linux only, not on " + System.getProperty("os.name")
                            + "; every other option still "
                            + "works");
        }
    }

    /** libc through JNA direct mapping (cheaper per call than a proxy interface), registered on first use. */
    private static final class LibC {
        static {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        }

        private LibC() {}

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
                return MethodHandles.lookup()
                        .findVirtual(selChImpl, "getFDVal", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Channel.class));
            } catch (IllegalAccessException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this JDK has no sun.nio.ch.SelChImpl.getFDVal", e);
            }
        }
    }
}
