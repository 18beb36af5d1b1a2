package org.socketlab.lab.draw;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text tcpdump prints ({@code tcpdump -n -tt}, with or without {@code -S} and {@code -v}, IPv4 and IPv6,
 * several connections at once, {@code -i any}'s interface and direction) into {@link Segment}s. It never throws on
 * what it reads: every non-blank line that is not part of a TCP segment (tcpdump's own messages, other protocols,
 * truncated or garbled lines) is counted in {@link ParsedCapture#skippedLines()} and left out.
 *
 * <p>A segment starts on a line that begins with a time ({@code 1732529313.123456} or {@code 16:28:57.553866});
 * {@code -v} prints the TCP part on a second, indented line, and a line wrapped by a terminal or a handout goes on
 * until {@code length N}: both are joined to the line they continue.
 *
 * <p>tcpdump prints sequence numbers relative unless {@code -S}: absolute on a segment without ACK and on the first
 * ACK-bearing segment (or SYN-ACK) of a connection, relative to that one afterwards. The parser follows the same
 * rule to recover both forms, and recognises {@code -S} output by the numbers staying near the absolute ones.
 * Instances are not needed: the methods are static and thread-safe.
 */
public final class TcpdumpParser {

    /** At most this many lines of a reader are parsed (a segment takes about 1 KiB in memory). */
    public static final int MAX_LINES = 100_000;

    private static final long MOD = 1L << 32;
    private static final Pattern TIME = Pattern.compile("^(\\d{1,12}\\.\\d{1,9}|\\d{1,2}:\\d{2}:\\d{2}\\.\\d{1,9})\\s");
    private static final Pattern HEADER = Pattern.compile("^(\\S+)\\s+(?:\\S+\\s+(?:In|Out|M|B|P)\\s+)?IP6?\\s+(.*)$");
    private static final Pattern TCP = Pattern.compile("^(\\S+) > (\\S+): Flags \\[([^\\]]*)\\](.*)$");
    private static final Pattern SEQ = Pattern.compile(", seq (\\d{1,10})(?::(\\d{1,10}))?(?!\\d)");
    private static final Pattern ACK = Pattern.compile(", ack (\\d{1,10})(?!\\d)");
    private static final Pattern WIN = Pattern.compile(", win (\\d{1,10})(?!\\d)");
    private static final Pattern OPTIONS = Pattern.compile(", options \\[([^\\]]*)\\]");
    private static final Pattern LENGTH = Pattern.compile(", length (\\d{1,10})(?!\\d)");
    private static final Pattern HEX_DUMP = Pattern.compile("^\\s+0x[0-9a-fA-F]+:");
    private static final Pattern COMPLETE = Pattern.compile(", length \\d+");

    private TcpdumpParser() {}

    /**
     * Parses the lines of a capture.
     *
     * @param lines tcpdump's output, one line each (a line break inside an element is treated as a space)
     * @return the segments and the count of lines skipped; never null
     */
    public static ParsedCapture parse(List<String> lines) {
        List<Raw> raws = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int read = 0;
        int skippedCount = 0;
        Record record = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replace('\n', ' ').replace('\r', ' ');
            if (line.isBlank()) {
                continue;
            }
            read++;
            if (TIME.matcher(line).find()) {
                skippedCount += finish(record, raws, skipped);
                record = new Record(i + 1, line);
            } else if (record != null && HEX_DUMP.matcher(line).find()) {
                record.lines++;
            } else if (record != null && (Character.isWhitespace(line.charAt(0)) || !record.complete())) {
                record.append(line);
            } else {
                skippedCount += finish(record, raws, skipped);
                record = null;
                skippedCount++;
                keep(skipped, line);
            }
        }
        skippedCount += finish(record, raws, skipped);
        return new ParsedCapture(resolve(raws), read, skippedCount, skipped);
    }

    /**
     * Parses the frames of a run taken in steps as one capture, so that each connection's relative numbers run on
     * from one step to the next (tcpdump numbers them over its whole run, not per step).
     *
     * @param steps the lines captured during each step, in order
     * @return the segments that begin in each step, one list per step
     */
    public static List<List<Segment>> parseSteps(List<List<String>> steps) {
        List<String> lines = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (List<String> step : steps) {
            lines.addAll(step);
            ends.add(lines.size());
        }
        List<List<Segment>> bySteps = new ArrayList<>();
        steps.forEach(step -> bySteps.add(new ArrayList<>()));
        int step = 0;
        for (Segment segment : parse(lines).segments()) {
            while (segment.line() > ends.get(step)) {
                step++;
            }
            bySteps.get(step).add(segment);
        }
        return bySteps;
    }

    /**
     * Parses what a reader gives. Only the first {@link #MAX_LINES} lines are kept and parsed; the non-blank lines
     * after them are read, counted as skipped and dropped.
     *
     * @throws IOException if reading fails
     */
    public static ParsedCapture parse(BufferedReader reader) throws IOException {
        return parse(reader, MAX_LINES);
    }

    static ParsedCapture parse(BufferedReader reader, int maxLines) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while (lines.size() < maxLines && (line = reader.readLine()) != null) {
            lines.add(line);
        }
        ParsedCapture kept = parse(lines);
        int dropped = 0;
        while ((line = reader.readLine()) != null) {
            dropped += line.isBlank() ? 0 : 1;
        }
        if (dropped == 0) {
            return kept;
        }
        List<String> skipped = new ArrayList<>(kept.firstSkipped());
        keep(skipped, dropped + " lines after the first " + maxLines + ", not parsed");
        return new ParsedCapture(kept.segments(), kept.linesRead() + dropped, kept.skippedLines() + dropped, skipped);
    }

    /** Adds the record's segment, or returns how many lines it skipped. */
    private static int finish(Record record, List<Raw> raws, List<String> skipped) {
        if (record == null) {
            return 0;
        }
        Raw raw = parseRecord(record);
        if (raw != null) {
            raws.add(raw);
            return 0;
        }
        keep(skipped, record.text.toString());
        return record.lines;
    }

    private static void keep(List<String> skipped, String line) {
        if (skipped.size() < ParsedCapture.KEPT_SKIPPED) {
            skipped.add(line.strip());
        }
    }

    private static Raw parseRecord(Record record) {
        String text = record.text.toString();
        Matcher header = HEADER.matcher(text);
        if (!header.matches()) {
            return null;
        }
        String body = skipParenthesized(header.group(2).strip());
        Matcher tcp = body == null ? null : TCP.matcher(body);
        if (tcp == null || !tcp.matches()) {
            return null;
        }
        String rest = tcp.group(4);
        Matcher length = LENGTH.matcher(rest);
        if (!length.find()) {
            return null;
        }
        try {
            Endpoint source = Endpoint.parseTcpdump(tcp.group(1));
            Endpoint destination = Endpoint.parseTcpdump(tcp.group(2));
            Matcher seq = SEQ.matcher(rest);
            boolean hasSeq = seq.find();
            Matcher ack = ACK.matcher(rest);
            boolean hasAck = ack.find();
            if (hasSeq != rest.contains(", seq ") || hasAck != rest.contains(", ack ")) {
                return null;
            }
            Matcher win = WIN.matcher(rest);
            Matcher options = OPTIONS.matcher(rest);
            return new Raw(
                    record.firstLine,
                    time(header.group(1)),
                    source,
                    destination,
                    tcp.group(3),
                    hasSeq ? number(seq.group(1)) : OptionalLong.empty(),
                    hasAck ? number(ack.group(1)) : OptionalLong.empty(),
                    Math.toIntExact(Long.parseLong(length.group(1))),
                    win.find() ? OptionalInt.of(Math.toIntExact(Long.parseLong(win.group(1)))) : OptionalInt.empty(),
                    options.find() ? options(options.group(1)) : List.of(),
                    text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    /** tcpdump -v puts the IP header's fields in parentheses before the TCP part; null if they never close. */
    private static String skipParenthesized(String text) {
        if (!text.startsWith("(")) {
            return text;
        }
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(i + 1).strip();
            }
        }
        return null;
    }

    private static double time(String text) {
        if (text.indexOf(':') < 0) {
            return Double.parseDouble(text);
        }
        String[] parts = text.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
    }

    private static OptionalLong number(String digits) {
        long value = Long.parseLong(digits);
        if (value >= MOD) {
            throw new IllegalArgumentException("not a 32-bit sequence number: " + digits);
        }
        return OptionalLong.of(value);
    }

    private static List<String> options(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(o -> !o.isEmpty())
                .toList();
    }

    /** Second pass: absolute and relative numbers, retransmissions and unanswered SYNs. */
    private static List<Segment> resolve(List<Raw> raws) {
        Map<List<Endpoint>, Conversation> conversations = new HashMap<>();
        List<Segment> segments = new ArrayList<>(raws.size());
        for (Raw raw : raws) {
            Conversation conversation =
                    conversations.computeIfAbsent(key(raw.source, raw.destination), k -> new Conversation());
            segments.add(conversation.resolve(raw));
        }
        List<Segment> marked = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            boolean unanswered = s.isConnectionRequest() && !answered(segments, i);
            marked.add(unanswered ? withUnanswered(s) : s);
        }
        return marked;
    }

    /** A SYN is answered by a SYN-ACK or RST from its destination before the same end sends its next SYN. */
    private static boolean answered(List<Segment> segments, int synIndex) {
        Segment syn = segments.get(synIndex);
        for (int j = synIndex + 1; j < segments.size(); j++) {
            Segment s = segments.get(j);
            if (s.source().equals(syn.destination())
                    && s.destination().equals(syn.source())
                    && ((s.isSyn() && s.isAck()) || s.isRst())) {
                return true;
            }
            if (s.source().equals(syn.source())
                    && s.destination().equals(syn.destination())
                    && s.isConnectionRequest()) {
                return false;
            }
        }
        return false;
    }

    private static Segment withUnanswered(Segment s) {
        return new Segment(
                s.line(),
                s.time(),
                s.source(),
                s.destination(),
                s.flags(),
                s.seq(),
                s.ack(),
                s.relativeSeq(),
                s.relativeAck(),
                s.length(),
                s.window(),
                s.options(),
                s.retransmission(),
                true,
                s.text());
    }

    private static List<Endpoint> key(Endpoint a, Endpoint b) {
        return a.compareTo(b) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    /** One connection's bookkeeping, as tcpdump keeps it to print relative numbers, plus our own. */
    private static final class Conversation {
        /** Whether tcpdump has seen an ACK-bearing segment of it, after which it prints relative numbers. */
        private boolean tracked;
        /** Whether the capture was taken with -S; null until a segment tells. */
        private Boolean absolute;
        /** tcpdump's base for relative numbers, per sending end. */
        private final Map<Endpoint, Long> printBase = new HashMap<>();
        /** Our base: the initial sequence number (from the SYN) per sending end, else tcpdump's base. */
        private final Map<Endpoint, Long> isn = new HashMap<>();
        /** The highest relative sequence number sent so far, per sending end. */
        private final Map<Endpoint, Long> sent = new HashMap<>();

        Segment resolve(Raw raw) {
            boolean hasAck = raw.flags.indexOf('.') >= 0;
            boolean syn = raw.flags.indexOf('S') >= 0;
            boolean printedAbsolute = !hasAck || syn || !tracked || isAbsoluteCapture(raw);
            OptionalLong seq = raw.seq;
            OptionalLong ack = raw.ack;
            if (!printedAbsolute) {
                seq = toAbsolute(raw.seq, printBase.get(raw.source));
                ack = toAbsolute(raw.ack, printBase.get(raw.destination));
            }
            if (syn && seq.isPresent()) {
                Long previous = isn.get(raw.source);
                if (previous == null || previous != seq.getAsLong()) {
                    sent.remove(raw.source);
                }
                isn.put(raw.source, seq.getAsLong());
            }
            if (hasAck && (syn || !tracked)) {
                tracked = true;
                seq.ifPresent(s -> printBase.put(raw.source, s));
                ack.ifPresent(a -> printBase.put(raw.destination, (a - 1 + MOD) % MOD));
                seq.ifPresent(s -> isn.putIfAbsent(raw.source, s));
                ack.ifPresent(a -> isn.putIfAbsent(raw.destination, (a - 1 + MOD) % MOD));
            }
            OptionalLong relativeSeq = relative(seq, isn.get(raw.source), printedAbsolute ? null : raw.seq);
            OptionalLong relativeAck = relative(ack, isn.get(raw.destination), printedAbsolute ? null : raw.ack);
            long space = raw.length + (syn ? 1 : 0) + (raw.flags.indexOf('F') >= 0 ? 1 : 0);
            boolean retransmission = false;
            if (space > 0 && relativeSeq.isPresent()) {
                long start = relativeSeq.getAsLong();
                Long highest = sent.get(raw.source);
                retransmission = highest != null && start < highest;
                sent.put(raw.source, Math.max(highest == null ? 0 : highest, start + space));
            }
            return new Segment(
                    raw.line,
                    raw.time,
                    raw.source,
                    raw.destination,
                    raw.flags,
                    seq,
                    ack,
                    relativeSeq,
                    relativeAck,
                    raw.length,
                    raw.window,
                    raw.options,
                    retransmission,
                    false,
                    raw.text);
        }

        /** Decides once per connection whether numbers that tcpdump would print relative were printed absolute. */
        private boolean isAbsoluteCapture(Raw raw) {
            if (absolute == null) {
                Long base = printBase.get(raw.source);
                Long peerBase = printBase.get(raw.destination);
                if (raw.seq.isPresent() && base != null) {
                    absolute = near(raw.seq.getAsLong(), base);
                } else if (raw.ack.isPresent() && peerBase != null) {
                    absolute = near(raw.ack.getAsLong(), peerBase);
                } else {
                    return false;
                }
            }
            return absolute;
        }

        /** An absolute number lies just after its base; a relative one is small (unless the base is small too). */
        private static boolean near(long value, long base) {
            return value > (1L << 24) && (value - base + MOD) % MOD < (1L << 28);
        }

        private static OptionalLong toAbsolute(OptionalLong printed, Long base) {
            if (printed.isEmpty() || base == null) {
                return OptionalLong.empty();
            }
            return OptionalLong.of((base + printed.getAsLong()) % MOD);
        }

        private static OptionalLong relative(OptionalLong absolute, Long base, OptionalLong printedRelative) {
            if (absolute.isPresent() && base != null) {
                return OptionalLong.of((absolute.getAsLong() - base + MOD) % MOD);
            }
            return printedRelative == null ? OptionalLong.empty() : printedRelative;
        }
    }

    /** The lines of one segment as tcpdump printed them. */
    private static final class Record {
        private final int firstLine;
        private final StringBuilder text;
        private int lines = 1;

        Record(int firstLine, String line) {
            this.firstLine = firstLine;
            this.text = new StringBuilder(line.strip());
        }

        void append(String line) {
            text.append(' ').append(line.strip());
            lines++;
        }

        boolean complete() {
            return COMPLETE.matcher(text).find();
        }
    }

    /** A segment as printed, before the numbers are resolved. */
    private record Raw(
            int line,
            double time,
            Endpoint source,
            Endpoint destination,
            String flags,
            OptionalLong seq,
            OptionalLong ack,
            int length,
            OptionalInt window,
            List<String> options,
            String text) {}
}
