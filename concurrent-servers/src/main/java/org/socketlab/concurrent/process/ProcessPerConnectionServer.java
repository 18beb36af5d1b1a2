package org.socketlab.concurrent.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.socketlab.options.NativeSockets;
import org.socketlab.options.SocketConfigurer;
import org.socketlab.server.Inetd;
import org.socketlab.server.LabMessages;
import org.socketlab.server.Quietly;
import org.socketlab.server.ServerConfig;

/**
 * Lab 2's TCPechod: the parent accepts, starts a child process per connection with the connection as its standard
 * input and output ({@link EchoChild}), closes its own copy and accepts the next. Finished children are reaped
 * as TCPechod's SIGCHLD handler does, unless the server is built without a reaper: then each one stays a zombie
 * (state Z, {@code <defunct>} in {@code ps}) until the parent exits.
 *
 * <p>The JVM delivers no SIGCHLD to Java code; its equivalent here is {@link ProcessHandle#onExit()}, which for a
 * child the JDK did not start waits with {@code waitid(WNOWAIT)}: it sees the child finish and leaves the reaping
 * to us.
 */
public final class ProcessPerConnectionServer extends ChildProcessServer<InetSocketAddress> {
    private final boolean reaper;

    /**
     * @param reaper whether finished children are reaped (TCPechod with {@code signal(SIGCHLD, reaper)}) or left
     *     zombies (without it)
     */
    public ProcessPerConnectionServer(ServerConfig config, LabMessages messages, boolean reaper) {
        super(config, messages, Duration.ofSeconds(2));
        if (config.sockets().accepted().readTimeoutMillis() > 0) {
            throw new IllegalArgumentException("SO_TIMEOUT is kept by the JVM that reads, not by the socket: the"
                    + " process model's children would never see it");
        }
        this.reaper = reaper;
    }

    /** The parent's accept loop: accept, hand the connection to a new child, close our copy, accept again. */
    @Override
    protected void parent() {
        ServerSocketChannel passive = listening();
        while (passive.isOpen()) {
            SocketChannel connection;
            try {
                connection = passive.accept();
                acceptFailures.succeeded();
            } catch (ClosedChannelException e) {
                break; // close(): the listening socket is gone
            } catch (IOException e) {
                if (passive.isOpen()) {
                    LockSupport.parkNanos(acceptFailures.failed(e).toNanos());
                }
                continue;
            }
            InetSocketAddress peer = peer(connection);
            messages.accepted(peer);
            try {
                SocketConfigurer.apply(config.sockets().accepted(), connection);
                int fd = NativeSockets.fileDescriptor(connection);
                spawn(ChildCommand.echoChild(), fd, fd, peer).ifPresent(child -> {
                    messages.childServes(child, peer);
                    whenFinished(child, this::reapFinished);
                });
            } catch (IOException e) {
                messages.failed(peer, 0, e);
            } finally {
                // The child has its own descriptor now. Kept open here, the connection would outlive the child:
                // no FIN when it exits, lab 1's activity 3 again (lab 2's question 3).
                Quietly.close(connection);
            }
        }
    }

    /** SIGCHLD's equivalent: runs {@code handler} once the child has finished (it is a zombie by then). */
    private void whenFinished(int child, Runnable handler) {
        if (reaper) {
            ProcessHandle.of(child).ifPresentOrElse(c -> c.onExit().thenRun(handler), handler);
        }
    }

    /**
     * TCPechod's reaper: {@code while (waitpid(-1, &status, WNOHANG) > 0)}. One SIGCHLD may stand for several
     * children, so it reaps until none is left finished; the C lab's {@code >= 0} would spin while one runs.
     */
    private synchronized void reapFinished() {
        for (Optional<ChildProcesses.Exit> exit = ChildProcesses.reapAny();
                exit.isPresent();
                exit = ChildProcesses.reapAny()) {
            report(exit.get(), forget(exit.get().pid()).orElse(null));
        }
    }

    /** Each child still serving at close: ended by SIGTERM, and reaped. */
    @Override
    protected void reapedAtClose(ChildProcesses.Exit exit, InetSocketAddress peer) {
        report(exit, peer);
    }

    private void report(ChildProcesses.Exit exit, InetSocketAddress peer) {
        String meaning = exit.exited() ? Inetd.meaning(exit.exitCode()) : null;
        messages.childReaped(exit.pid(), peer, exit.describe() + (meaning == null ? "" : ", " + meaning));
    }

    private static InetSocketAddress peer(SocketChannel connection) {
        try {
            return (InetSocketAddress) connection.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The children started and not yet reaped: serving, or zombies without the reaper. */
    @Override
    public int liveConnections() {
        return children().size();
    }
}
