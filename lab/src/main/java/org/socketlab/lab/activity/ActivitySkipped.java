package org.socketlab.lab.activity;

/** Thrown by a scenario that cannot run against this server or on this machine; the message says why. */
public final class ActivitySkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ActivitySkipped(String reason) {
        super(reason, null, false, false);
    }
}
