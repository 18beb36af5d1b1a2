package org.socketlab.lab.draw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.socketlab.options.TcpState;

/**
 * The TCP state of each end of each connection, inferred from the segments alone the way RFC 9293's state machine
 * moves: a SYN sent makes {@code SYN_SENT}, a SYN-ACK sent {@code SYN_RECV}, a FIN sent {@code FIN_WAIT_1}, and so
 * on. A FIN changes its receiver's state only where the receiver's ACK shows it arrived (a FIN lost or still in
 * flight changes nothing); the change is then drawn at the FIN that caused it (the server's {@code CLOSE_WAIT} at
 * the client's FIN), unless the receiver changed state in between, as in a simultaneous close, whose
 * {@code CLOSING} is drawn at the ACK that shows it. The side that
 * receives a SYN is shown in {@code LISTEN} until it answers (and stays there when it never does, as with a full
 * accept queue); a RST closes both ends.
 *
 * <p>What the segments cannot show is not guessed: {@code TIME_WAIT} is the last state drawn (its 60 s end is a
 * timer, not a segment), and an end whose handshake was not captured starts in {@code ESTABLISHED} without a change
 * being recorded. {@link #check} sets the result beside the kernel's own view ({@code ss}, {@code /proc/net/tcp}).
 */
public final class TcpStates {
    private final List<StateChange> changes;
    private final Map<Integer, List<StateChange>> bySegment;
    private final Map<List<Endpoint>, TcpState> states;

    private TcpStates(List<StateChange> changes, Map<List<Endpoint>, TcpState> states) {
        this.changes = List.copyOf(changes);
        this.bySegment = changes.stream().collect(Collectors.groupingBy(StateChange::segment));
        this.states = Map.copyOf(states);
    }

    /**
     * Infers the state changes the segments cause, in order.
     *
     * @param segments the segments in capture order (e.g. {@link ParsedCapture#segments()})
     */
    public static TcpStates infer(List<Segment> segments) {
        Machine machine = new Machine(segments);
        for (int i = 0; i < segments.size(); i++) {
            machine.apply(i);
        }
        List<StateChange> changes = new ArrayList<>(machine.changes);
        changes.sort(Comparator.comparingInt(StateChange::segment));
        return new TcpStates(changes, machine.states);
    }

    /** Every change, in segment order (for one segment: the sender's first, then the receiver's). */
    public List<StateChange> changes() {
        return changes;
    }

    /** The changes segment {@code index} causes. */
    public List<StateChange> changesAt(int index) {
        return bySegment.getOrDefault(index, List.of());
    }

    /** The state of {@code end} in its connection with {@code peer} after the last segment, if any segment told. */
    public Optional<TcpState> stateOf(Endpoint end, Endpoint peer) {
        return Optional.ofNullable(states.get(List.of(end, peer)));
    }

    /**
     * Sets each socket of a kernel snapshot beside the inferred state of the same end. A listening socket (peer port
     * 0) is checked against {@code LISTEN} when the segments show its port receiving a SYN it answered or ignored;
     * sockets the segments say nothing about are left out.
     *
     * @param snapshot the sockets the kernel showed, e.g. parsed from {@code ss -tan}
     * @return one check per socket that both sides know, in snapshot order
     */
    public List<StateCheck> check(Collection<SocketState> snapshot) {
        List<StateCheck> checks = new ArrayList<>();
        for (SocketState socket : snapshot) {
            if (socket.peer().port() == 0) {
                boolean listened = changes.stream()
                        .anyMatch(c -> c.to() == TcpState.LISTEN
                                && c.end().port() == socket.local().port());
                if (listened) {
                    checks.add(new StateCheck(socket.local(), socket.peer(), TcpState.LISTEN, socket.state()));
                }
            } else {
                stateOf(socket.local(), socket.peer())
                        .ifPresent(inferred ->
                                checks.add(new StateCheck(socket.local(), socket.peer(), inferred, socket.state())));
            }
        }
        return checks;
    }

    /** The state machine run over one capture. */
    private static final class Machine {
        private final List<Segment> segments;
        private final List<StateChange> changes = new ArrayList<>();
        private final Map<List<Endpoint>, TcpState> states = new HashMap<>();
        /** Per (end, peer): the FIN the end sent. */
        private final Map<List<Endpoint>, Fin> finSent = new HashMap<>();
        /** Per (end, peer): the segment of the end's last change. */
        private final Map<List<Endpoint>, Integer> changedAt = new HashMap<>();
        /** The (end, peer) pairs whose FIN the peer has acknowledged. */
        private final Set<List<Endpoint>> finReceived = new HashSet<>();

        Machine(List<Segment> segments) {
            this.segments = segments;
        }

        void apply(int i) {
            Segment s = segments.get(i);
            Endpoint x = s.source();
            Endpoint y = s.destination();
            if (s.isRst()) {
                set(i, x, y, TcpState.CLOSED);
                if (state(y, x) != TcpState.LISTEN) {
                    set(i, y, x, TcpState.CLOSED);
                }
                return;
            }
            if (s.isConnectionRequest()) {
                connectionRequest(i, x, y);
                return;
            }
            if (s.isSyn()) {
                if (state(x, y) == null) {
                    set(i, x, y, TcpState.LISTEN);
                    set(i, y, x, TcpState.SYN_SENT);
                }
                set(i, x, y, TcpState.SYN_RECV);
                if (state(y, x) == TcpState.SYN_SENT) {
                    set(i, y, x, TcpState.ESTABLISHED);
                }
                return;
            }
            if (state(x, y) == null || state(y, x) == null) {
                states.putIfAbsent(List.of(x, y), TcpState.ESTABLISHED);
                states.putIfAbsent(List.of(y, x), TcpState.ESTABLISHED);
            }
            finReceived(i, s, x, y);
            if (s.isFin() && !finSent.containsKey(List.of(x, y))) {
                finSent.put(
                        List.of(x, y),
                        new Fin(
                                i,
                                s.relativeSeq().isPresent()
                                        ? OptionalLong.of(s.relativeSeq().getAsLong() + s.length() + 1)
                                        : OptionalLong.empty()));
                switch (state(x, y)) {
                    case ESTABLISHED, SYN_RECV -> set(i, x, y, TcpState.FIN_WAIT_1);
                    case CLOSE_WAIT -> set(i, x, y, TcpState.LAST_ACK);
                    default -> {}
                }
            }
            if (s.isAck()) {
                acknowledged(i, s, y, x);
            }
        }

        /** {@code x}'s segment acknowledges {@code y}'s FIN: only now is it known that x received it. */
        private void finReceived(int i, Segment s, Endpoint x, Endpoint y) {
            Fin fin = finSent.get(List.of(y, x));
            if (fin == null || finReceived.contains(List.of(y, x)) || !covers(s, fin.end())) {
                return;
            }
            finReceived.add(List.of(y, x));
            int at = changedAt.getOrDefault(List.of(x, y), -1) <= fin.segment() ? fin.segment() : i;
            switch (state(x, y)) {
                case ESTABLISHED, SYN_RECV -> set(at, x, y, TcpState.CLOSE_WAIT);
                case FIN_WAIT_1 -> set(at, x, y, TcpState.CLOSING);
                case FIN_WAIT_2 -> set(at, x, y, TcpState.TIME_WAIT);
                default -> {}
            }
        }

        /** Whether the segment's ACK covers a FIN (when either number is unknown, any ACK is taken to). */
        private static boolean covers(Segment s, OptionalLong finEnd) {
            return s.isAck()
                    && (finEnd.isEmpty()
                            || s.relativeAck().isEmpty()
                            || s.relativeAck().getAsLong() >= finEnd.getAsLong());
        }

        private void connectionRequest(int i, Endpoint x, Endpoint y) {
            TcpState before = state(x, y);
            if (before == TcpState.SYN_SENT) {
                return;
            }
            set(i, x, y, TcpState.SYN_SENT);
            if (refused(i)) {
                states.put(List.of(y, x), TcpState.CLOSED);
            } else {
                set(i, y, x, TcpState.LISTEN);
            }
        }

        /** Whether the SYN's destination answers with a RST (no listener) before anything else from it. */
        private boolean refused(int synIndex) {
            Segment syn = segments.get(synIndex);
            for (int j = synIndex + 1; j < segments.size(); j++) {
                Segment s = segments.get(j);
                if (s.source().equals(syn.destination()) && s.destination().equals(syn.source())) {
                    return s.isRst();
                }
            }
            return false;
        }

        /** {@code end} receives an ACK from {@code peer}. */
        private void acknowledged(int i, Segment s, Endpoint end, Endpoint peer) {
            TcpState state = state(end, peer);
            if (state == TcpState.SYN_RECV) {
                set(i, end, peer, TcpState.ESTABLISHED);
                return;
            }
            Fin fin = finSent.get(List.of(end, peer));
            if (fin == null || !covers(s, fin.end())) {
                return;
            }
            switch (state) {
                case FIN_WAIT_1 -> set(i, end, peer, TcpState.FIN_WAIT_2);
                case CLOSING -> set(i, end, peer, TcpState.TIME_WAIT);
                case LAST_ACK -> set(i, end, peer, TcpState.CLOSED);
                default -> {}
            }
        }

        private TcpState state(Endpoint end, Endpoint peer) {
            return states.get(List.of(end, peer));
        }

        private void set(int i, Endpoint end, Endpoint peer, TcpState to) {
            TcpState from = states.get(List.of(end, peer));
            if (from == to) {
                return;
            }
            states.put(List.of(end, peer), to);
            changedAt.put(List.of(end, peer), i);
            changes.add(new StateChange(i, end, peer, from == null ? TcpState.CLOSED : from, to));
        }

        /** A FIN: its segment, and the relative sequence number just after it, if known. */
        private record Fin(int segment, OptionalLong end) {}
    }
}
