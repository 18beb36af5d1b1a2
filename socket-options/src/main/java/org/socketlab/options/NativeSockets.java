package org.socketlab.options;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * setsockopt(2) and getsockopt(2) on a channel's file descriptor, for what the JDK does not offer: TCP_MAXSEG,
 * TCP_USER_TIMEOUT and TCP_INFO. Linux only.
 *
 * <p>The descriptor is read through {@code sun.nio.ch.SelChImpl#getFDVal}, which needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}; the jars carry it in their manifest. A program run without
 * it gets the same descriptor another way: the socket among {@code /proc/self/fd} whose getsockname(2) and
 * getpeername(2) are the channel's addresses ({@code ProcFd}). JNA and libc are loaded on first use, so programs that
 * set no native option never pay for them. Thread-safe.
 */
public final class NativeSockets {
    private static final int TCP_INFO_SIZE = 232;
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private NativeSockets() {}

    /**
     * Loads JNA and libc now, if this OS has them: a program that will need them should, while descriptors are
     * free, since loading opens files and fails for good at the descriptor limit.
     */
    public static void load() {
        if (supported()) {
            LibC.load();
        }
    }

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
            return ProcFd.find(channel)
                    .orElseThrow(() -> new SocketOptionException(
                            option,
                            0,
                            forWhat + " needs the socket's file descriptor, which this JVM hides and /proc/self/fd"
                                    + " did not show: run java with --add-exports java.base/sun.nio.ch=ALL-UNNAMED"
                                    + " (the project's jars do this themselves)"));
        }
        try {
            return (int) getFdVal.invokeExact(channel);
        } catch (ClassCastException e) {
            throw new SocketOptionException(
                    option,
                    0,
                    forWhat + " cannot be reached on a " + channel.getClass().getSimpleName()
                            + ": the JDK gives no file descriptor for it; use a server model built on SocketChannel");
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, e);
        }
    }

    /**
     * The file descriptor of an open channel (a socket, a pipe), for a program that makes system calls such as
     * select(2), poll(2) or fcntl(2) on it itself.
     *
     * @throws IllegalStateException if this JVM does not export sun.nio.ch to us (naming the VM option to add), or
     *     the channel has no descriptor the JDK gives out
     */
    public static int fileDescriptor(Channel channel) {
        MethodHandle getFdVal = Fd.GET_FD_VAL;
        if (getFdVal == null) {
            throw new IllegalStateException("the socket's file descriptor is hidden by this JVM: run java with"
                    + " --add-exports java.base/sun.nio.ch=ALL-UNNAMED (the jars do this themselves)");
        }
        try {
            return (int) getFdVal.invokeExact(channel);
        } catch (ClassCastException e) {
            throw new IllegalStateException("the JDK gives no file descriptor for a "
                    + channel.getClass().getSimpleName());
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
     * with a RST that no read or write has reported yet; 0 for none, on an OS other than Linux, for a closed
     * channel, or when SO_ERROR cannot be read (said once on stderr, naming the JVM option that restores it).
     */
    public static int takePendingError(Channel channel) {
        if (!supported()) {
            return 0;
        }
        try {
            return getInt(channel, NativeOption.SO_ERROR);
        } catch (SocketOptionException e) {
            if (!channel.isOpen()) {
                return 0; // closed meanwhile (EBADF): a closed socket has no error left to report
            }
            PendingErrorUnreadable.sayOnce(e);
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
                u32(m, 76),
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
                    name + " is reached natively and supported on Linux only, not on " + System.getProperty("os.name")
                            + "; every other option still works");
        }
    }

    /** libc through JNA direct mapping (cheaper per call than a proxy interface), registered on first use. */
    private static final class LibC {
        static {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        }

        private LibC() {}

        /** Does nothing: calling it runs the registration above, once. */
        static void load() {}

        static native int setsockopt(int fd, int level, int name, int[] value, int length) throws LastErrorException;

        static native int getsockopt(int fd, int level, int name, int[] value, int[] length) throws LastErrorException;

        static native int getsockopt(int fd, int level, int name, byte[] value, int[] length) throws LastErrorException;

        static native int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

        static native int getpeername(int fd, byte[] address, int[] length) throws LastErrorException;
    }

    /**
     * A socket's descriptor found without the JDK's internals: the entry of {@code /proc/self/fd} that is a socket
     * with the channel's local address and its peer, or with no peer any more (a socket the peer reset is
     * disconnected, getpeername(2) says ENOTCONN) if it is the only such one; a listening channel's is the listening
     * socket (SO_ACCEPTCONN) on its address. Costs a look at every descriptor of the process, so it serves only JVMs
     * that hide sun.nio.ch.
     */
    static final class ProcFd {
        private static final Path FDS = Path.of("/proc/self/fd");
        private static final int AF_INET = 2;
        private static final int AF_INET6 = 10;
        private static final int SOL_SOCKET = 1;
        private static final int SO_ACCEPTCONN = 30;
        private static final int SOCKADDR_STORAGE = 128;

        private ProcFd() {}

        /** The descriptor, or empty if no socket or more than one could be the channel's. */
        static OptionalInt find(Channel channel) {
            Optional<SocketAddress> local = address(channel, false);
            if (local.isEmpty()) {
                return OptionalInt.empty();
            }
            Optional<SocketAddress> remote = address(channel, true);
            boolean listening = channel instanceof ServerSocketChannel;
            List<Integer> samePeer = new ArrayList<>();
            List<Integer> noPeer = new ArrayList<>();
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
                for (Path entry : fds) {
                    int fd = Integer.parseInt(entry.getFileName().toString());
                    if (!isSocket(entry)
                            || !sameAddress(local.get(), sockaddr(fd, false))
                            || accepting(fd) != listening) {
                        continue;
                    }
                    Optional<SocketAddress> peer = sockaddr(fd, true);
                    if (peer.isEmpty()) {
                        noPeer.add(fd);
                    } else if (peer.equals(remote)) {
                        samePeer.add(fd);
                    }
                }
            } catch (IOException | DirectoryIteratorException e) {
                return OptionalInt.empty();
            }
            if (remote.isPresent() && samePeer.size() == 1) {
                return OptionalInt.of(samePeer.get(0));
            }
            return samePeer.isEmpty() && noPeer.size() == 1 ? OptionalInt.of(noPeer.get(0)) : OptionalInt.empty();
        }

        private static boolean accepting(int fd) {
            int[] value = new int[1];
            try {
                LibC.getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, value, new int[] {4});
                return value[0] != 0;
            } catch (LastErrorException e) {
                return false;
            }
        }

        private static boolean isSocket(Path fd) {
            try {
                return Files.readSymbolicLink(fd).toString().startsWith("socket:");
            } catch (IOException e) {
                return false; // closed since the directory was listed
            }
        }

        private static Optional<SocketAddress> address(Channel channel, boolean peer) {
            try {
                if (!peer && channel instanceof NetworkChannel network) {
                    return Optional.ofNullable(network.getLocalAddress());
                }
                if (peer && channel instanceof SocketChannel socket) {
                    return Optional.ofNullable(socket.getRemoteAddress());
                }
                if (peer && channel instanceof DatagramChannel datagram) {
                    return Optional.ofNullable(datagram.getRemoteAddress());
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** getsockname(2) or getpeername(2) of a descriptor; empty for none (ENOTCONN) or another family. */
        private static Optional<SocketAddress> sockaddr(int fd, boolean peer) {
            byte[] raw = new byte[SOCKADDR_STORAGE];
            int[] length = {raw.length};
            try {
                if (peer) {
                    LibC.getpeername(fd, raw, length);
                } else {
                    LibC.getsockname(fd, raw, length);
                }
            } catch (LastErrorException e) {
                return Optional.empty();
            }
            // struct sockaddr_in and sockaddr_in6: the family in host order, port and address in network order.
            ByteBuffer b = ByteBuffer.wrap(raw);
            int family = b.order(ByteOrder.nativeOrder()).getShort(0);
            int port = Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(2));
            byte[] address;
            if (family == AF_INET) {
                address = Arrays.copyOfRange(raw, 4, 8);
            } else if (family == AF_INET6) {
                address = Arrays.copyOfRange(raw, 8, 24);
            } else {
                return Optional.empty();
            }
            try {
                // An IPv4-mapped IPv6 address comes back as the Inet4Address the JDK reports for the channel.
                return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address), port));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a sockaddr of " + address.length + " address bytes", e);
            }
        }

        /** Equal addresses, where any wildcard (0.0.0.0 or ::) equals any other on the same port. */
        private static boolean sameAddress(SocketAddress channel, Optional<SocketAddress> kernel) {
            if (kernel.isEmpty()) {
                return false;
            }
            if (channel instanceof InetSocketAddress a && kernel.get() instanceof InetSocketAddress k) {
                boolean bothWildcard =
                        a.getAddress().isAnyLocalAddress() && k.getAddress().isAnyLocalAddress();
                return a.getPort() == k.getPort()
                        && (bothWildcard || a.getAddress().equals(k.getAddress()));
            }
            return false;
        }
    }

    /** The one line a program gets, once, when no pending error can be read: a reset client would look closed. */
    private static final class PendingErrorUnreadable {
        private static final AtomicBoolean SAID = new AtomicBoolean();

        private PendingErrorUnreadable() {}

        static void sayOnce(SocketOptionException e) {
            if (SAID.compareAndSet(false, true)) {
                System.err.println("socket-options: cannot read a socket's pending error (SO_ERROR), so a client"
                        + " that reset may be reported as closed: " + e.getMessage());
            }
        }
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
