package org.socketlab.options;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int IPPROTO_TCP = 6;
    static final int TCP_MAXSEG = 2;
    static final int TCP_INFO = 11;
    private static final int TCP_INFO_SIZE = 232;

    private NativeSockets() {
    }

    /** Whether native options work on this OS. */
    public static boolean supported() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    /**
     * The file descriptor of an open channel from {@code java.nio.channels}.
     *
     * @throws SocketOptionException if this JVM does not export sun.nio.ch to us, naming the VM option to add
     */
    public static int fd(Channel channel, SockOpt forOption) throws SocketOptionException {
        try {
            return (int) Fd.GET_FD_VAL.invoke(channel);
        } catch (IllegalAccessException | IllegalStateException e) {
            throw new SocketOptionException(forOption, 0, forOption + " needs the socket's file descriptor, which this JVM "
                    + "hides: run java with --add-exports java.base/sun.nio.ch=ALL-UNNAMED (the jars do this themselves)");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, e.getCause());
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
        try (Memory memory = new Memory(4)) {
            memory.setInt(0, value);
            LibC.INSTANCE.setsockopt(fd, IPPROTO_TCP, name, memory, 4);
        } catch (LastErrorException e) {
            throw new SocketOptionException(option, e.getErrorCode(), Errno.explainRefusal(option, value, e.getErrorCode()));
        }
    }

    /** Reads an integer option at the given level (SOL_SOCKET or IPPROTO_TCP). */
    static int getInt(Channel channel, SockOpt option, int level, int name) throws SocketOptionException {
        requireLinux(option);
        int fd = fd(channel, option);
        try (Memory memory = new Memory(4)) {
            IntByReference length = new IntByReference(4);
            LibC.INSTANCE.getsockopt(fd, level, name, memory, length);
            return memory.getInt(0);
        } catch (LastErrorException e) {
            throw new SocketOptionException(option, e.getErrorCode(),
                    "getsockopt " + option + " failed: " + Errno.describe(e.getErrorCode()));
        }
    }

    /**
     * Reads TCP_INFO of a socket channel.
     *
     * @throws SocketOptionException if the kernel refuses or the OS is not Linux
     */
    public static TcpInfo tcpInfo(Channel channel) throws SocketOptionException {
        requireLinux(null);
        int fd = fd(channel, null);
        try (Memory m = new Memory(TCP_INFO_SIZE)) {
            m.clear();
            IntByReference length = new IntByReference(TCP_INFO_SIZE);
            LibC.INSTANCE.getsockopt(fd, IPPROTO_TCP, TCP_INFO, m, length);
            // Offsets of struct tcp_info in include/uapi/linux/tcp.h, stable since Linux 2.6.
            return new TcpInfo(TcpState.ofKernelNumber(Byte.toUnsignedInt(m.getByte(0))),
                    Byte.toUnsignedInt(m.getByte(2)), u32(m, 8), (int) u32(m, 16), (int) u32(m, 20),
                    (int) u32(m, 60), u32(m, 68), u32(m, 72), u32(m, 80), (int) u32(m, 84), u32(m, 100));
        } catch (LastErrorException e) {
            throw new SocketOptionException(null, e.getErrorCode(), "getsockopt TCP_INFO failed: "
                    + Errno.describe(e.getErrorCode()));
        }
    }

    private static long u32(Pointer p, long offset) {
        return Integer.toUnsignedLong(p.getInt(offset));
    }

    private static void requireLinux(SockOpt option) throws SocketOptionException {
        if (!supported()) {
            String what = option == null ? "TCP_INFO" : option.name();
            throw new SocketOptionException(option, 0, what + " is set natively and supported on Linux only, not on "
                    + System.getProperty("os.name") + "; every other option still works");
        }
    }

    /** libc through JNA, loaded on first use. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

        int getsockopt(int fd, int level, int name, Pointer value, IntByReference length) throws LastErrorException;
    }

    /** The reflective handle on the JDK's file-descriptor accessor, resolved on first use. */
    private static final class Fd {
        static final Method GET_FD_VAL = resolve();

        private static Method resolve() {
            try {
                return Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this JDK has no sun.nio.ch.SelChImpl.getFDVal", e);
            }
        }
    }
}
