package org.socketlab.testkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The pause between two looks at an observable fact (a port that listens, a byte that came back). */
final class Waits {
    private Waits() {}

    static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
}
