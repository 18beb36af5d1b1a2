package org.socketlab.lab.draw;

import org.socketlab.options.TcpState;

/**
 * One end of a connection changing TCP state because of a segment it sent or received.
 *
 * @param segment the index (in the segment list given to {@link TcpStates#infer}) of the segment that caused it
 * @param end the end whose state changes
 * @param peer the other end of the connection (a server's end has one state per connection)
 * @param from the state before; for the first change of an end, what it must have been ({@code CLOSED} for the
 *     side that sends a SYN, {@code LISTEN} for the side that receives it, {@code ESTABLISHED} for a connection
 *     whose handshake was not captured)
 * @param to the state after
 */
public record StateChange(int segment, Endpoint end, Endpoint peer, TcpState from, TcpState to) {}
