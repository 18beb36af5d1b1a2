package org.socketlab.concurrent.posix;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A Java handler for a POSIX signal, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported). It is
 * reached by reflection because javac warns on any direct use of it ("internal proprietary API"), a warning that
 * {@code -Werror} makes an error and {@code @SuppressWarnings} does not silence.
 *
 * <p>The JVM's own C handler catches the signal (so {@code SigCgt} in {@code /proc/PID/status} shows it) and wakes
 * its "Signal Dispatcher" thread, which starts a thread named after the signal, e.g. "SIGIO handler", to run the
 * Java handler: later than the signal, outside any system call it interrupted, and without siginfo (no {@code
 * si_fd}: the handler is not told which descriptor is ready). HotSpot refuses SIGFPE, SIGILL, SIGSEGV and SIGQUIT.
 */
final class JvmSignals {
    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final Method HANDLE;

    static {
        try {
            SIGNAL = Class.forName("sun.misc.Signal");
            HANDLER = Class.forName("sun.misc.SignalHandler");
            HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JvmSignals() {}

    /**
     * Installs {@code handler} for the signal {@code name} (without "SIG", e.g. {@code IO}).
     *
     * @return the handler it replaces, for {@link #restore}
     * @throws IllegalArgumentException if the JVM refuses the signal
     */
    static Object handle(String name, Runnable handler) {
        Object proxy = Proxy.newProxyInstance(
                JvmSignals.class.getClassLoader(),
                new Class<?>[] {HANDLER},
                (self, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        handler.run();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> "SIG" + name + " handler";
                });
        return install(name, proxy);
    }

    /** Puts back the handler {@link #handle} replaced. */
    static void restore(String name, Object previous) {
        install(name, previous);
    }

    private static Object install(String name, Object handler) {
        try {
            Object signal = SIGNAL.getConstructor(String.class).newInstance(name);
            return HANDLE.invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "cannot handle SIG" + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Signal cannot be used in this JDK: " + e.getMessage(), e);
        }
    }
}
