package org.socketlab.lab.activity;

import java.util.List;

/**
 * How an activity is run.
 *
 * @param server the server under test
 * @param capture whether to capture the frames with tcpdump (needs root); without it the wire's observations are
 *     skipped and the kernel's still made
 * @param twoHosts whether to run the server and the clients in two network namespaces (needs root)
 */
public record RunSettings(TestedServer server, boolean capture, boolean twoHosts) {

    /** The lab's server as built, captured, on loopback: what the experiments run. */
    public static RunSettings asBuilt() {
        return new RunSettings(TestedServer.ours(List.of()), true, false);
    }
}
