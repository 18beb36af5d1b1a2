package org.socketlab.concurrent.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.util.List;
import org.socketlab.options.NativeSockets;

/**
 * A child process started with posix_spawn(3) that gets one of our descriptors as its standard input, the way a
 * forked C server child inherits its listening socket. {@link ProcessBuilder} cannot do this: it gives a child pipes,
 * files or our own standard streams only. The child keeps our standard output and error; every other descriptor
 * is closed in it. We reap it ourselves with waitpid(2).
 */
final class SpawnedProcess {
    private final int pid;

    private SpawnedProcess(int pid) {
        this.pid = pid;
    }

    /**
     * Starts {@code command} with {@code stdin} duplicated onto its descriptor 0.
     *
     * @throws IOException naming the errno if posix_spawn fails
     */
    static SpawnedProcess start(List<String> command, int stdin) throws IOException {
        Memory actions = new Memory(256); // posix_spawn_file_actions_t, 80 bytes in glibc
        check(Spawn.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(Spawn.posix_spawn_file_actions_adddup2(actions, stdin, 0), "adddup2");
            check(Spawn.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");
            int[] pid = new int[1];
            String[] env = System.getenv().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            check(
                    Spawn.posix_spawn(
                            pid,
                            command.get(0),
                            actions,
                            null,
                            new StringArray(command.toArray(String[]::new)),
                            new StringArray(env)),
                    "posix_spawn " + command.get(0));
            return new SpawnedProcess(pid[0]);
        } finally {
            Spawn.posix_spawn_file_actions_destroy(actions);
        }
    }

    int pid() {
        return pid;
    }

    /**
     * Waits for the process to end and reaps it.
     *
     * @return how it ended, e.g. "exit status 1" or "killed by signal 9"
     */
    String waitFor() {
        int[] status = new int[1];
        while (true) {
            try {
                Posix.waitpid(pid, status, 0);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EINTR) {
                    return "not waitable: " + e.getMessage();
                }
            }
        }
        int signal = status[0] & 0x7f; // WTERMSIG
        return signal == 0 ? "exit status " + (status[0] >> 8 & 0xff) : "killed by signal " + signal;
    }

    /** Sends {@code signal}; a process already ended is no error. */
    void signal(int signal) {
        try {
            Posix.kill(pid, signal);
        } catch (LastErrorException e) {
            // ESRCH: it has ended (and is a zombie until waitFor())
        }
    }

    private static void check(int result, String call) throws IOException {
        if (result != 0) {
            throw new IOException(call + " failed: " + NativeSockets.describeErrno(result));
        }
    }

    /** posix_spawn(3) and its file actions; they return an error number instead of setting errno. */
    private static final class Spawn {
        static {
            Native.register(Spawn.class, Platform.C_LIBRARY_NAME);
        }

        private Spawn() {}

        static native int posix_spawn(
                int[] pid, String path, Pointer fileActions, Pointer attributes, StringArray argv, StringArray envp);

        static native int posix_spawn_file_actions_init(Pointer actions);

        static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        /** glibc 2.34 or newer: closes every descriptor from {@code lowFd} up in the child. */
        static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int lowFd);

        static native int posix_spawn_file_actions_destroy(Pointer actions);
    }
}
