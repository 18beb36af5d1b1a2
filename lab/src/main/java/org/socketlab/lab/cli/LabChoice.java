package org.socketlab.lab.cli;

import picocli.CommandLine.Option;

/** The {@code --lab} option {@code list}, {@code run} and {@code check} share. */
final class LabChoice {
    @Option(
            names = "--lab",
            paramLabel = "L",
            description = "The lab: 1 (sequential servers, the default), 2 (concurrent servers: processes) or 3 (I/O:"
                    + " signals, select, poll).")
    int lab = 1;
}
