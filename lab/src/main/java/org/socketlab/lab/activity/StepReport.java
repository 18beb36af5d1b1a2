package org.socketlab.lab.activity;

import java.util.List;
import java.util.Map;
import org.socketlab.lab.draw.Observation;
import org.socketlab.lab.draw.SocketLine;

/**
 * One step of an activity as it was run: what was done, the kernel's view of the port after it, the frames
 * captured during it, and what was observed.
 *
 * @param number the step's number within the activity, from 1
 * @param what what was done, e.g. "client B connects and sends \"B waits\""
 * @param sockets the port's sockets after the step, as {@code ss -tan} shows them
 * @param frames the tcpdump lines ({@code -n -tt}) captured during the step; empty without a capture
 * @param names who owns each port, e.g. 8765 "server", 52589 "client A", for drawing lanes
 * @param observations the observations checked after the step
 */
public record StepReport(
        int number,
        String what,
        List<SocketLine> sockets,
        List<String> frames,
        Map<Integer, String> names,
        List<Observation> observations) {}
