package org.socketlab.lab.cheatsheet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketlab.lab.fixture.Host;

/**
 * What the cheat sheet's experiments ask of a host's kernel, as a student types it there ({@code ip netns exec NS
 * ...}): its TCP settings (sysctl), its interface's MTU, and {@code ss -tino} for the timers and TCP_INFO.
 */
final class HostKernel {
    private static final Pattern TIMER = Pattern.compile("timer:\\((\\w+),([^,]+),(\\d+)\\)");

    private HostKernel() {}

    /** {@code sysctl -w NAME=VALUE ...} in the host's namespace (never on this machine's own). */
    static void sysctl(Host host, String... settings) {
        requireNamespace(host, "sysctl");
        List<String> command = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        command.addAll(List.of(settings));
        run(host, command);
    }

    /** {@code ip link set dev IFACE mtu MTU} in the host's namespace. */
    static void mtu(Host host, int mtu) {
        requireNamespace(host, "an MTU");
        run(host, List.of("ip", "link", "set", "dev", host.iface(), "mtu", String.valueOf(mtu)));
    }

    /**
     * Limits what the host sends to {@code rate} (e.g. {@code 20mbit}) with a token bucket on its interface: {@code tc
     * qdisc add dev IFACE root tbf rate RATE burst 16kb latency 100ms}.
     */
    static void rate(Host host, String rate) {
        requireNamespace(host, "a link's rate");
        run(
                host,
                List.of(
                        "tc",
                        "qdisc",
                        "add",
                        "dev",
                        host.iface(),
                        "root",
                        "tbf",
                        "rate",
                        rate,
                        "burst",
                        "16kb",
                        "latency",
                        "100ms"));
    }

    /**
     * {@code ss -Htino state all sport = :LOCAL}: the socket with that local port and its timer and TCP_INFO, the
     * second line of ss folded into the first; empty when there is none.
     */
    static String ss(Host host, int localPort) {
        String out = run(host, List.of("ss", "-Htino", "state", "all", "( sport = :" + localPort + " )"));
        return out.lines().map(String::strip).reduce((a, b) -> a + " " + b).orElse("");
    }

    /** The timer of {@code ss -o}, e.g. {@code timer:(persist,688ms,0)}, as name, time left and count. */
    record Timer(String name, double seconds, int count) {
        static Timer of(String ss) {
            Matcher m = TIMER.matcher(ss);
            if (!m.find()) {
                throw new AssertionError("ss shows no timer: " + ss);
            }
            return new Timer(m.group(1), seconds(m.group(2)), Integer.parseInt(m.group(3)));
        }

        /** ss writes 688ms, 59sec, 1min5sec. */
        private static double seconds(String text) {
            Matcher part = Pattern.compile("(\\d+(?:\\.\\d+)?)(min|sec|ms)").matcher(text);
            double total = 0;
            while (part.find()) {
                double n = Double.parseDouble(part.group(1));
                total += switch (part.group(2)) {
                    case "min" -> n * 60;
                    case "sec" -> n;
                    default -> n / 1000;
                };
            }
            return total;
        }

        @Override
        public String toString() {
            return "timer:(" + name + "," + seconds + "s," + count + ")";
        }
    }

    private static void requireNamespace(Host host, String what) {
        if (host.namespace() == null) {
            throw new IllegalStateException(what + " is changed only in a namespace of two hosts, never on " + host);
        }
    }

    private static String run(Host host, List<String> args) {
        List<String> command = new ArrayList<>(host.prefix());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + args.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
