package org.socketlab.concurrent.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Child processes the JVM does not know: posix_spawn(3), waitpid(2) and kill(2) through JNA. Linux x86_64, glibc.
 *
 * <p>{@link ProcessBuilder} cannot hand a socket to a child, and the JDK reaps the processes it starts itself, so a
 * zombie could never be seen; a child started here stays a zombie until someone calls {@link #reapAny()} or
 * {@link #reap(int)}, as in C. Thread-safe: each call is one system call on its own structures. Lab 2's process
 * models and lab 3's smart-select start, signal and reap their children here.
 */
public final class ChildProcesses {
    /** SIGTERM: ask a child to stop. */
    public static final int SIGTERM = 15;
    /** SIGKILL: make it stop. */
    public static final int SIGKILL = 9;

    private static final int WNOHANG = 1;
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int ECHILD = 10;
    private static final int ESRCH = 3;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    // glibc x86_64: sizeof(posix_spawn_file_actions_t) = 80, sizeof(posix_spawnattr_t) = 336, sigset_t 128; the
    // blocks are larger than that, so a libc with larger structures writes into memory of ours, not past it.
    private static final int FILE_ACTIONS_SIZE = 256;
    private static final int ATTRIBUTES_SIZE = 512;
    private static final int SIGSET_SIZE = 128;

    private ChildProcesses() {}

    /**
     * Starts {@code argv[0]} (an absolute path) with {@code socket} as its standard input and {@code stdout} as its
     * standard output; its standard error is ours. Every other descriptor is closed in the child
     * (posix_spawn_file_actions_addclosefrom_np), so it holds no socket of ours but the one it is given, and it starts
     * with no signal blocked.
     *
     * @param socket the descriptor the child gets as 0 (a connection, or a listening socket)
     * @param stdout the descriptor the child gets as 1 (the same connection under the inetd convention, or our 1)
     * @return the child's pid
     * @throws IOException if posix_spawn fails, with its errno
     */
    public static int spawn(List<String> argv, Map<String, String> environment, int socket, int stdout)
            throws IOException {
        Memory actions = new Memory(FILE_ACTIONS_SIZE);
        Memory attributes = new Memory(ATTRIBUTES_SIZE);
        Memory noSignals = new Memory(SIGSET_SIZE);
        noSignals.clear();
        check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(LibC.posix_spawn_file_actions_adddup2(actions, socket, 0), "dup2 onto 0");
            check(LibC.posix_spawn_file_actions_adddup2(actions, stdout, 1), "dup2 onto 1");
            check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom 3");
            check(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                // The JVM's threads block some signals; a child that inherited that mask would ignore SIGTERM.
                check(LibC.posix_spawnattr_setsigmask(attributes, noSignals), "setsigmask");
                check(LibC.posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSIGMASK), "setflags");
                String[] env = environment.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                int[] pid = new int[1];
                check(
                        LibC.posix_spawn(
                                pid,
                                argv.get(0),
                                actions,
                                attributes,
                                new StringArray(argv.toArray(String[]::new)),
                                new StringArray(env)),
                        "posix_spawn " + argv.get(0));
                return pid[0];
            } finally {
                LibC.posix_spawnattr_destroy(attributes);
            }
        } finally {
            LibC.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * One {@code waitpid(-1, &status, WNOHANG)}: a finished child, reaped, or empty if no child has finished (or there
     * is none). A SIGCHLD handler calls it in a loop until it is empty; the C lab's {@code wait3(...) >= 0} goes on
     * while it returns 0 too, and so spins while a child is still running.
     */
    public static Optional<Exit> reapAny() {
        return waitpid(-1, WNOHANG);
    }

    /** Waits for one child to finish and reaps it; empty if it is not our child (or already reaped). */
    public static Optional<Exit> reap(int pid) {
        return waitpid(pid, 0);
    }

    private static Optional<Exit> waitpid(int pid, int options) {
        int[] status = new int[1];
        while (true) {
            try {
                int reaped = LibC.waitpid(pid, status, options);
                return reaped > 0 ? Optional.of(new Exit(reaped, status[0])) : Optional.empty();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ECHILD) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != 4) { // EINTR: a signal came, wait again
                    throw new IllegalStateException("waitpid(" + pid + ") failed: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** Sends a signal; false if the process no longer exists. */
    public static boolean kill(int pid, int signal) {
        try {
            LibC.kill(pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * In a child: asks the kernel for SIGTERM when the parent dies (prctl PR_SET_PDEATHSIG), so that a worker does
     * not go on listening after its parent was killed with SIGKILL, which no shutdown hook sees.
     *
     * @return false if the parent is already gone (this process was adopted before the request)
     */
    public static boolean terminateWithParent(long parentPid) {
        LibC.prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        return LibC.getppid() == parentPid;
    }

    private static void check(int result, String what) throws IOException {
        if (result != 0) { // the posix_spawn family returns the error number instead of setting errno
            throw new IOException(what + " failed: errno " + result);
        }
    }

    /**
     * How a child ended, as waitpid(2) reports it.
     *
     * @param pid the child
     * @param status the raw status word (WIFEXITED, WEXITSTATUS, WTERMSIG decode it)
     */
    public record Exit(int pid, int status) {
        /** Whether it called exit(): {@code WIFEXITED}. */
        public boolean exited() {
            return (status & 0x7f) == 0;
        }

        /** Its exit status, if it exited: {@code WEXITSTATUS}. */
        public int exitCode() {
            return (status >> 8) & 0xff;
        }

        /** The signal that killed it, 0 if it exited: {@code WTERMSIG}. */
        public int signal() {
            return exited() ? 0 : status & 0x7f;
        }

        /**
         * E.g. {@code exit status 0}, {@code exit status 143 (128 + SIGTERM: a JVM stopped by that signal)},
         * {@code killed by signal 9 (SIGKILL)}.
         */
        public String describe() {
            if (!exited()) {
                String name = signalName(signal());
                return "killed by signal " + signal() + (name.isEmpty() ? "" : " (" + name + ")");
            }
            // A JVM that a signal stops runs its shutdown hooks and exits with 128 + the signal's number.
            String name = exitCode() > 128 ? signalName(exitCode() - 128) : "";
            return "exit status " + exitCode() + (name.isEmpty() ? "" : " (128 + " + name + ": a JVM stopped by it)");
        }

        private static String signalName(int signal) {
            return switch (signal) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 13 -> "SIGPIPE";
                case 15 -> "SIGTERM";
                default -> "";
            };
        }
    }

    /** libc through JNA direct mapping, registered on first use. */
    private static final class LibC {
        static {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        }

        private LibC() {}

        static native int posix_spawn_file_actions_init(Pointer actions);

        static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        static native int posix_spawn_file_actions_destroy(Pointer actions);

        static native int posix_spawnattr_init(Pointer attributes);

        static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

        static native int posix_spawnattr_setflags(Pointer attributes, short flags);

        static native int posix_spawnattr_destroy(Pointer attributes);

        static native int posix_spawn(
                int[] pid, String path, Pointer actions, Pointer attributes, Pointer argv, Pointer envp);

        static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

        static native int kill(int pid, int signal) throws LastErrorException;

        static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        static native int getppid();
    }
}
