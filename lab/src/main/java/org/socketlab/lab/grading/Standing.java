package org.socketlab.lab.grading;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a student's server stands in the lab, read from the kernel and the wire whoever wrote it: the fixes the
 * handout asks for (close() in activity 3, BACKLOG 1 in 7, SO_REUSEADDR in 8, TCP_MAXSEG in the client in 9) and
 * the behaviours it explains (one client at a time, a client's reset).
 *
 * @param closes whether the server closes the active socket: its FIN follows the client's EOF
 * @param reuseAddress whether its listening socket has SO_REUSEADDR (getsockopt on the socket, as the kernel has it)
 * @param backlog its listening socket's backlog (Send-Q of {@code ss -ltn})
 * @param oneAtATime whether a second client waits in the accept queue while the first is served
 * @param survivesReset whether it serves the next client after one resets its connection
 * @param clientMss the MSS on the student's client's SYN, or none (no client given, or no option set)
 */
public record Standing(
        Fact closes, Fact reuseAddress, Fact backlog, Fact oneAtATime, Fact survivesReset, Fact clientMss) {

    /** The properties by the label the summary prints. */
    public Map<String, Fact> byLabel() {
        Map<String, Fact> facts = new LinkedHashMap<>();
        facts.put("closes the active socket", closes);
        facts.put("SO_REUSEADDR on the listening socket", reuseAddress);
        facts.put("backlog", backlog);
        facts.put("one client at a time", oneAtATime);
        facts.put("survives a client's RST", survivesReset);
        facts.put("the client's MSS", clientMss);
        return facts;
    }

    /** The same facts with another client MSS. */
    public Standing withClientMss(Fact mss) {
        return new Standing(closes, reuseAddress, backlog, oneAtATime, survivesReset, mss);
    }
}
