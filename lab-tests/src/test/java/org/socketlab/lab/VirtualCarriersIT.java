package org.socketlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.lab.fixture.Lab;
import org.socketlab.lab.fixture.LabExperiment;
import org.socketlab.lab.fixture.LabProcess;
import org.socketlab.lab.fixture.Requirements;

/**
 * The virtual model with {@code --workers 1}: a virtual thread per connection, all carried by one platform thread;
 * by default, by one per core.
 * A virtual thread whose read would block is parked and the carrier runs another, so one carrier serves many
 * clients at once, as one event loop does.
 */
@LabExperiment
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VirtualCarriersIT {
    private static final int CLIENTS = 50;
    private static final int ROUNDS = 500;

    @Test
    void oneCarrierThreadServesFiftyClientsAtOnce(Lab lab) throws IOException {
        Map<String, Long> used = carrierTicksWhileServing(lab, "--workers", "1");
        long all = used.values().stream().mapToLong(Long::longValue).sum();
        // A carrier blocked in a write to stdout (a lab line) is replaced by a spare for that while, so the lines
        // are printed before the measured rounds; during them one carrier does the work.
        assertThat(used.values().stream().mapToLong(Long::longValue).max().orElse(0))
                .as("CPU ticks of the busiest carrier thread during %d rounds, of %s", ROUNDS, used)
                .isGreaterThanOrEqualTo(all * 9 / 10)
                .isPositive();
    }

    @Test
    void byDefaultTheJdkCarriesThemOnACarrierPerCore(Lab lab) throws IOException {
        Map<String, Long> used = carrierTicksWhileServing(lab);
        long all = used.values().stream().mapToLong(Long::longValue).sum();
        assertThat(used.values().stream().filter(ticks -> ticks * 10 >= all))
                .as("carrier threads that did a tenth or more of the work during %d rounds, of %s", ROUNDS, used)
                .hasSizeGreaterThanOrEqualTo(2);
    }

    /**
     * Starts the virtual model with {@code options}, connects {@link #CLIENTS} clients, echoes each once, then
     * {@link #ROUNDS} times more, and returns each carrier thread's CPU ticks during those rounds.
     */
    private static Map<String, Long> carrierTicksWhileServing(Lab lab, String... options) throws IOException {
        Requirements.cores(2, "one CPU: the JDK's default is then one carrier too, so the models cannot differ");
        List<String> command = lab.javaCommand(List.of(), Lab.concurrentServerJar(), "--model", "virtual");
        command.addAll(List.of(options));
        command.set(0, Requirements.javaAtLeast(21));
        command.add("0");
        LabProcess server = lab.start("virtual server " + String.join(" ", options), command);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.listeningPort());
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(SocketChannel.open(address));
            }
            echoEveryClient(clients, 0); // each connection's virtual thread has printed its line and reads now
            Map<String, Long> before = carrierTicks(server.pid());
            // Every client keeps its connection while the others are echoed: none waits for another to leave.
            for (int round = 1; round <= ROUNDS; round++) {
                echoEveryClient(clients, round);
            }
            Map<String, Long> used = new TreeMap<>();
            carrierTicks(server.pid())
                    .forEach((carrier, ticks) -> used.put(carrier, ticks - before.getOrDefault(carrier, 0L)));
            return used;
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    private static void echoEveryClient(List<SocketChannel> clients, int round) throws IOException {
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).write(StandardCharsets.US_ASCII.encode("client " + i + " round " + round + "\n"));
        }
        for (int i = 0; i < clients.size(); i++) {
            String expected = "client " + i + " round " + round + "\n";
            assertThat(readExactly(clients.get(i), expected.length()))
                    .as("echo to client %d in round %d", i, round)
                    .isEqualTo(expected);
        }
    }

    private static String readExactly(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the server closed the connection after " + buffer.position() + " bytes");
            }
        }
        return StandardCharsets.US_ASCII.decode(buffer.flip()).toString();
    }

    /** User and system CPU ticks of each of the process's carrier threads (ForkJoinPool-1-worker-N), by task id. */
    private static Map<String, Long> carrierTicks(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("ForkJoinPool-1-")) { // the kernel keeps 15 characters of a thread's name
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(
                            task.getFileName().toString(),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime, stime
                }
            }
        }
        return ticks;
    }
}
