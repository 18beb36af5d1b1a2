package org.socketlab.lab.activity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.socketlab.lab.fixture.Host;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabProcess;

/**
 * The echo server an activity runs against: the lab's own {@code echo-server.jar} (with extra arguments such as
 * {@code --fault no-close}), or any foreign command with a {@code {port}} placeholder, e.g. a student's
 * {@code ./EchoServer_seq {port}}.
 *
 * <p>Against a foreign server every observation rests on the kernel and the wire only, never on its messages, and
 * an activity that needs one of our switches (e.g. {@code --backlog 1}) is skipped.
 */
public final class TestedServer {
    private final List<String> extraArgs;
    private final String command;
    private final String jarName;

    private TestedServer(List<String> extraArgs, String command, String jarName) {
        this.extraArgs = List.copyOf(extraArgs);
        this.command = command;
        this.jarName = jarName;
    }

    /** The lab's server, with arguments added before the port (none: the server as built). */
    public static TestedServer ours(List<String> extraArgs) {
        return new TestedServer(extraArgs, null, "echo-server.jar");
    }

    /** Lab 2's server: {@code concurrent-server.jar --model process}, unless the arguments name another model. */
    public static TestedServer processModel(List<String> extraArgs) {
        List<String> args = new ArrayList<>();
        if (!extraArgs.contains("--model")) {
            args.addAll(List.of("--model", "process"));
        }
        args.addAll(extraArgs);
        return new TestedServer(args, null, "concurrent-server.jar");
    }

    /**
     * A foreign server started with {@code bash -c "exec COMMAND"}, {@code {port}} replaced by the port.
     *
     * @throws IllegalArgumentException if the command has no {@code {port}}
     */
    public static TestedServer foreign(String command) {
        if (!command.contains("{port}")) {
            throw new IllegalArgumentException(
                    "--server-cmd needs {port} where the port goes, e.g. " + "'./EchoServer_seq {port}'");
        }
        return new TestedServer(List.of(), command, null);
    }

    /** Whether this is the lab's own server, whose messages and switches an activity may use. */
    public boolean isOurs() {
        return command == null;
    }

    /** Whether this is the lab's own server as built, without extra arguments. */
    public boolean isAsBuilt() {
        return isOurs() && extraArgs.isEmpty();
    }

    /** The foreign command, if any. */
    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    /**
     * Our server's arguments: the switches an activity needs (unless the extra arguments already have them: the
     * server refuses a switch given twice), the extra arguments, then the port.
     */
    List<String> ourArgs(List<String> switches, int port) {
        List<String> args = new ArrayList<>();
        if (!extraArgs.containsAll(
                switches.stream().filter(s -> s.startsWith("--")).toList())) {
            args.addAll(switches);
        }
        args.addAll(extraArgs);
        args.add(String.valueOf(port));
        return args;
    }

    /** The foreign command line for a port, run by bash with exec so that its pid is the server's. */
    List<String> foreignCommand(int port) {
        return List.of("bash", "-c", "exec " + command.replace("{port}", String.valueOf(port)));
    }

    /** Starts the server on {@code host} and {@code port}, as an activity's first step does, without waiting. */
    public LabProcess start(Lab lab, Host host, int port) {
        if (isOurs()) {
            return lab.server(host, ourArgs(List.of(), port).toArray(String[]::new));
        }
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(foreignCommand(port));
        return lab.start("server", command);
    }

    /** How the server is named in the summary. */
    @Override
    public String toString() {
        if (command != null) {
            return command;
        }
        return extraArgs.isEmpty() ? jarName : jarName + " " + String.join(" ", extraArgs);
    }
}
