package org.socketlab.lab.activity;

import java.util.List;

/**
 * Lab 3, "Input/output (signal handlers, poll, select)": its three questions, and select's FD_SETSIZE. Our servers
 * are concurrent-server.jar's {@code sigio}, {@code smart-select} and {@code select} models; with {@code
 * --server-cmd} each activity runs against a student's own program instead (demand-accept, smart-select built with
 * MAXPROCESSES=2, an echo server), judged by the kernel and the wire.
 */
public final class Lab3Activities {
    private static final List<Activity> ALL =
            List.of(new Lab3NonBlockingClient(), new Lab3DemandAccept(), new Lab3SmartSelect(), new Lab3SelectLimit());

    private Lab3Activities() {}

    /** Lab 3's activities, 1 to 4. */
    public static List<Activity> all() {
        return ALL;
    }
}
