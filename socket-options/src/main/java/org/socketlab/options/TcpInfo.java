package org.socketlab.options;

/**
 * A snapshot of the kernel's {@code struct tcp_info} for one socket (getsockopt TCP_INFO, see tcp(7)).
 * Times are in microseconds, sizes in bytes, the congestion window in segments.
 *
 * @param state the TCP state, e.g. ESTABLISHED
 * @param retransmits retransmissions of the current unacknowledged segment (timeouts in a row)
 * @param probes unanswered keep-alive or zero-window probes in a row
 * @param rtoMicros the retransmission timeout
 * @param sndMss the MSS this side sends with (the peer's MSS minus TCP options such as timestamps)
 * @param rcvMss the MSS estimated for what this side receives
 * @param pmtu the path MTU
 * @param rttMicros the smoothed round-trip time
 * @param rttvarMicros the round-trip time variance
 * @param sndSsthresh the slow-start threshold, in segments; 2147483647 (infinite) until the first loss
 * @param sndCwnd the congestion window
 * @param advmss the MSS this side advertised
 * @param totalRetrans retransmissions over the connection's life
 */
public record TcpInfo(
        TcpState state,
        int retransmits,
        int probes,
        long rtoMicros,
        int sndMss,
        int rcvMss,
        int pmtu,
        long rttMicros,
        long rttvarMicros,
        long sndSsthresh,
        long sndCwnd,
        int advmss,
        long totalRetrans) {

    /** One line in the style of {@code ss -ti}. */
    @Override
    public String toString() {
        return "state " + state + " snd_mss " + sndMss + " rcv_mss " + rcvMss + " advmss " + advmss
                + " pmtu " + pmtu + " rtt " + rttMicros / 1000.0 + "/" + rttvarMicros / 1000.0 + " ms"
                + " rto " + rtoMicros / 1000 + " ms cwnd " + sndCwnd
                + " retransmits " + retransmits + " probes " + probes + " total_retrans " + totalRetrans;
    }
}
