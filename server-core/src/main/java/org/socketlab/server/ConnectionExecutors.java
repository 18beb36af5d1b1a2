package org.socketlab.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who serves an accepted connection: the one argument in which the blocking server models differ
 * ({@link BlockingServer}), as the JDK's {@code HttpServer.setExecutor} decides it for an HTTP server.
 */
public final class ConnectionExecutors {

    /** The JDK's system property for the number of carrier threads of virtual threads. */
    public static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    private static final Executor ACCEPT_LOOP = Runnable::run;

    private ConnectionExecutors() {}

    /**
     * The accept loop's own thread: the next accept() waits until this client has been served. The lab's
     * sequential server.
     */
    public static Executor acceptLoop() {
        return ACCEPT_LOOP;
    }

    /** A new platform thread for each connection, ending with it: the Java form of the C server's fork(). */
    public static Executor threadPerConnection() {
        AtomicLong ids = new AtomicLong();
        return connection -> new Thread(connection, "connection-" + ids.incrementAndGet()).start();
    }

    /**
     * A new virtual thread for each connection (JDK 21 or newer): blocking code, carried by a few platform threads.
     * A virtual thread whose read would block is parked and its carrier takes another: N carriers serve the
     * connections as N event loops would. The JDK's poller of virtual threads is set up here, while descriptors are
     * free (it opens an epoll instance at the first blocking socket call of a virtual thread, and cannot be set up
     * again if that fails).
     *
     * @param carriers the platform threads that carry the virtual threads, 0 for the JDK's default (one per core).
     *     The JDK reads it once, from the system property {@value #CARRIERS}, when its first virtual thread starts:
     *     it is set here before, and means nothing once a virtual thread has run in this JVM.
     * @throws IllegalStateException when the property already holds another number
     * @throws UnsupportedOperationException on a JDK older than 21, with one line saying what to do
     */
    public static Executor virtualThreadPerConnection(int carriers) {
        if (carriers > 0) {
            String set = System.getProperty(CARRIERS);
            if (set != null && !set.equals(String.valueOf(carriers))) {
                throw new IllegalStateException("cannot carry virtual threads on " + carriers + " threads: this JVM"
                        + " already has " + CARRIERS + "=" + set + ", and the JDK reads it once");
            }
            System.setProperty(CARRIERS, String.valueOf(carriers));
        }
        ThreadFactory factory = virtualThreads();
        Thread warmUp = factory.newThread(() -> {
            try {
                ListeningSockets.initialiseSocketIo();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        warmUp.start();
        try {
            warmUp.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return connection -> factory.newThread(connection).start();
    }

    /**
     * {@code Thread.ofVirtual().name("connection-", 1).factory()} through reflection: the jars are Java 17 bytecode.
     */
    private static ThreadFactory virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "connection-", 1L);
            return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("the virtual model needs JDK 21 or newer (this is JDK "
                    + Runtime.version().feature() + "); run it with a newer java");
        } catch (ClassNotFoundException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make virtual threads", e);
        }
    }
}
