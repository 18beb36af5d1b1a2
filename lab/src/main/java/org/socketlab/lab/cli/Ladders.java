package org.socketlab.lab.cli;

import java.util.List;
import java.util.Map;

/** The frames of a step drawn for the terminal. */
final class Ladders {

    private Ladders() {
    }

    /** The tcpdump lines as a ladder, lanes named by port ({@code names}: 8765 "server", 52589 "client A"). */
    static List<String> draw(List<String> tcpdumpLines, Map<Integer, String> names) {
        return tcpdumpLines;
    }
}
