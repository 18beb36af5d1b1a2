package org.socketlab.lab.activity;

/**
 * Thrown by a check whose observation a later activity's change makes impossible: what was seen is what that
 * activity expects (activity 4 against a server that already sets activity 8's SO_REUSEADDR). The message says so.
 */
final class AheadOfActivity extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AheadOfActivity(String reason) {
        super(reason, null, false, false);
    }
}
