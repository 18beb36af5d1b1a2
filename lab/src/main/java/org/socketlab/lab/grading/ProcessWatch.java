package org.socketlab.lab.grading;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of one student's user, read from /proc: how many ran at most while the check ran (a fork bomb
 * reaches the box's limit), and which are left when it ends, to be killed by pid.
 */
final class ProcessWatch {
    private final int uid;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile int peak;

    ProcessWatch(int uid) {
        this.uid = uid;
        this.sampler = new Thread(this::sample, "process-watch-" + uid);
        sampler.setDaemon(true);
    }

    void start() {
        sampler.start();
    }

    void stop() throws InterruptedException {
        running = false;
        sampler.join(2000);
    }

    /** The most processes of the user seen at once. */
    int peak() {
        return peak;
    }

    /** Kills every process of the user still running, by pid, until none is left; returns how many there were. */
    int killLeft() throws InterruptedException {
        int killed = 0;
        for (int round = 0; round < 50; round++) {
            List<Long> left = processes();
            if (left.isEmpty()) {
                return killed;
            }
            killed = Math.max(killed, left.size());
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            Thread.sleep(20); // a fork bomb forks between the listing and the kill: list again
        }
        return killed;
    }

    private void sample() {
        while (running) {
            peak = Math.max(peak, processes().size());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Long> processes() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : all) {
                try {
                    for (String line : Files.readAllLines(process.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            if (Integer.parseInt(line.split("\\s+")[1]) == uid) {
                                pids.add(Long.parseLong(process.getFileName().toString()));
                            }
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }
}
