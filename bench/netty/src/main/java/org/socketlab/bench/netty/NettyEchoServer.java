package org.socketlab.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The echo server a Netty user would write, on the epoll transport: bench/run.sh's reference row {@code netty},
 * measured like the project's models against the C epoll server. One event-loop group both accepts and echoes, one
 * thread by default, like {@code bench/c/echo_epoll.c}.
 *
 * <p>{@code java -jar bench-netty.jar [--threads N] PORT [BACKLOG]}; port 0 lets the kernel choose, and the first
 * line names the port.
 */
public final class NettyEchoServer implements AutoCloseable {
    private static final String USAGE = "usage: NettyEchoServer [--threads N] PORT [BACKLOG]";

    private final EventLoopGroup group;
    private final Channel listener;

    /**
     * Binds every address at {@code port} and starts echoing.
     *
     * @throws Exception the bind's failure (e.g. the address is in use); the threads are stopped then
     * @throws UnsatisfiedLinkError where Netty's epoll library does not load: see {@link Epoll#isAvailable()}
     */
    public NettyEchoServer(int port, int backlog, int threads) throws Exception {
        group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("netty-echo"), EpollIoHandler.newFactory());
        try {
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, backlog)
                    .childHandler(new EchoHandler())
                    .bind(port)
                    .sync()
                    .channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port the listener is bound to: the kernel's choice when it was given 0. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Closes the listener and every connection, and waits up to 5 s for the event loops to end. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Netty's echo example: write back what is read, flush once the socket has no more to read. */
    @Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println(
                    "NettyEchoServer: connection from " + ctx.channel().remoteAddress() + " closed: " + cause);
            ctx.close();
        }
    }

    /** The one line that says why the server cannot listen on {@code port}, and what to do. */
    static String cannotListen(int port, Exception cause) {
        if (port == 0) {
            return "NettyEchoServer: cannot listen on a port of the kernel's choice: " + cause.getMessage()
                    + "; with port 0 that usually means no port of net.ipv4.ip_local_port_range is free:"
                    + " close some sockets or widen the range";
        }
        return "NettyEchoServer: cannot listen on port " + port + ": " + cause.getMessage()
                + "; choose another port, or 0";
    }

    public static void main(String[] args) throws Exception {
        int threads = 1;
        int[] numbers = new int[2];
        int given = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--threads") && i + 1 < args.length) {
                    threads = Integer.parseInt(args[++i]);
                } else if (given < numbers.length) {
                    numbers[given++] = Integer.parseInt(args[i]);
                } else {
                    given = -1;
                    break;
                }
            }
        } catch (NumberFormatException e) {
            given = -1;
        }
        if (given < 1 || threads < 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        if (!Epoll.isAvailable()) {
            System.err.println("NettyEchoServer: Netty's epoll transport does not load here ("
                    + Epoll.unavailabilityCause() + "); this jar bundles its library for Linux x86_64 only");
            System.exit(1);
        }
        int port = numbers[0];
        int backlog = given == 2 ? numbers[1] : 4096;
        NettyEchoServer server;
        try {
            server = new NettyEchoServer(port, backlog, threads);
        } catch (Exception e) {
            System.err.println(cannotListen(port, e));
            System.exit(1);
            return;
        }
        System.out.println("Waiting for incoming connections at port " + server.port());
        System.out.flush();
        server.listener.closeFuture().sync();
    }
}
