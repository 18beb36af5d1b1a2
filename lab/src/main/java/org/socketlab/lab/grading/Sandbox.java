package org.socketlab.lab.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The box a submission's build and programs run in, made of what Debian ships (util-linux and coreutils):
 * <ul>
 *   <li>{@code unshare --net --pid --fork --kill-child --mount-proc}: a network namespace of its own, where only
 *       loopback is up (no route out, no port shared with another student checked at the same time), and a pid
 *       namespace whose first process is the check itself: when it ends, or is killed, the kernel kills every
 *       process left in it (a daemon the server forked, a child that ignores SIGTERM);
 *   <li>{@code setpriv --reuid --regid --clear-groups --no-new-privs}: the student's programs run as a user of
 *       their own, a numeric uid no one else has, so that it owns only the copy of the submission;
 *   <li>{@code prlimit}: processes (RLIMIT_NPROC counts that uid's processes, so a fork bomb stops at the limit),
 *       descriptors, address space, CPU seconds;
 *   <li>{@code timeout -s KILL}: the wall time of the build and of the check.
 * </ul>
 * Cgroups would bound memory and processes too, but need a writable cgroup v2 hierarchy, which containers and CI
 * runners seldom give; rlimits and namespaces work as root anywhere.
 *
 * @param uid the student's user (and group) id
 * @param limits the limits
 */
public record Sandbox(int uid, Limits limits) {

    /**
     * The limits of one submission.
     *
     * @param processes processes and threads of the student's user
     * @param descriptors open files per process
     * @param memoryBytes address space per process
     * @param cpuSeconds CPU time per process
     * @param build wall time of the build
     * @param check wall time of the whole check
     */
    public record Limits(
            int processes, int descriptors, long memoryBytes, int cpuSeconds, Duration build, Duration check) {

        /** Room for an echo server and its client, and for gcc; far from what a machine of a class shares. */
        public static final Limits DEFAULT =
                new Limits(48, 256, 512L << 20, 30, Duration.ofSeconds(120), Duration.ofSeconds(240));
    }

    /** The first user id of the students' users, above what Debian gives people and services. */
    public static final int FIRST_UID = 61000;

    /** The box of the student numbered {@code index} in the class. */
    public static Sandbox forStudent(int index, Limits limits) {
        return new Sandbox(FIRST_UID + index, limits);
    }

    /** The prefix that runs a command as the student's user within the limits. */
    public List<String> asStudent() {
        return List.of(
                "setpriv",
                "--reuid=" + uid,
                "--regid=" + uid,
                "--clear-groups",
                "--no-new-privs",
                "prlimit",
                "--nproc=" + limits.processes(),
                "--nofile=" + limits.descriptors(),
                "--as=" + limits.memoryBytes(),
                "--cpu=" + limits.cpuSeconds(),
                "--core=0",
                "--");
    }

    /** The same as one line for bash, to go before a {@code --server-cmd} or {@code --client-cmd}. */
    public String asStudentLine() {
        return String.join(" ", asStudent());
    }

    /**
     * The prefix that runs a command for at most {@code wall} in new network and pid namespaces with loopback up:
     * {@code bash -c 'ip link set lo up && exec "$@"'} is the namespace's first process, then the command.
     */
    public List<String> box(Duration wall) {
        List<String> box = new ArrayList<>(List.of(
                "timeout",
                "-s",
                "KILL",
                wall.toSeconds() + "s",
                "unshare",
                "--net",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc",
                "--",
                "bash",
                "-c",
                "ip link set lo up && exec \"$@\"",
                "box"));
        return box;
    }
}
