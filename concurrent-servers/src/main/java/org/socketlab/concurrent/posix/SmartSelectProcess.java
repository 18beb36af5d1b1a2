package org.socketlab.concurrent.posix;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.socketlab.concurrent.process.ChildProcesses;
import org.socketlab.options.OptionAssignment;
import org.socketlab.options.ServerSocketConfig;
import org.socketlab.server.LabMessages;
import org.socketlab.server.ServerConfig;

/**
 * One process of {@link SmartSelectServer}: {@code SmartSelectProcess K M PARENT_PID [-o NAME=VALUE]...}, started
 * with the listening socket on its standard input. It runs select(2) over that socket and at most M clients, and
 * prints {@code select process #K: N connected} on every connect and disconnect, as smart-select.c does. It ends
 * on SIGTERM, and when its parent dies (prctl PR_SET_PDEATHSIG): no process is left listening behind a parent that
 * was killed, the C version's leak.
 */
public final class SmartSelectProcess {

    private SmartSelectProcess() {}

    public static void main(String[] args) throws IOException {
        int k = Integer.parseInt(args[0]);
        int perProcess = Integer.parseInt(args[1]);
        long parent = Long.parseLong(args[2]);
        if (!ChildProcesses.terminateWithParent(parent)) {
            System.err.println("select process #" + k + ": its parent " + parent + " has ended already; exiting");
            System.exit(1);
        }
        Channel inherited = System.inheritedChannel(); // descriptor 0: a listening socket becomes a ServerSocketChannel
        if (!(inherited instanceof ServerSocketChannel listening)) {
            System.err.println("select process #" + k + ": standard input is not a listening socket (" + inherited
                    + "); smart-select starts this program itself");
            System.exit(2);
            return;
        }
        List<OptionAssignment> options = new ArrayList<>();
        for (int i = 3; i + 1 < args.length; i += 2) {
            options.add(OptionAssignment.parse(args[i + 1]));
        }
        ServerConfig config = ServerConfig.of(0)
                .withSockets(ServerSocketConfig.builder().options(options).build());
        LabMessages messages = new LabMessages(System.out, "").forWorker("process #" + k);
        MultiplexingServer server = MultiplexingServer.selectProcess(
                listening,
                config,
                messages,
                perProcess,
                n -> System.out.println("select process #" + k + ": " + n + " connected"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "select-process-" + k + "-shutdown"));
        server.run();
    }
}
