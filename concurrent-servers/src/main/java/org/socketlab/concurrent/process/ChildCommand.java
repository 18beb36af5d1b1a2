package org.socketlab.concurrent.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a child is started: this JVM's {@code java} on this JVM's class path, running {@link EchoChild}. The child
 * is a new JVM, not a copy of the parent (Java has no fork()), so each one pays the JVM's start-up; the options
 * keep it small: one GC thread, the quick JIT tier only, the JDK's class-data archive.
 */
final class ChildCommand {

    private ChildCommand() {}

    /** {@code java -XX:... -cp CLASSPATH org.socketlab.concurrent.process.EchoChild ARGS}. */
    static List<String> echoChild(String... args) {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                EchoChild.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
