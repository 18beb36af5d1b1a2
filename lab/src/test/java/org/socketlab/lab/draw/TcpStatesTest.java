package org.socketlab.lab.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketlab.options.TcpState.CLOSED;
import static org.socketlab.options.TcpState.CLOSE_WAIT;
import static org.socketlab.options.TcpState.CLOSING;
import static org.socketlab.options.TcpState.ESTABLISHED;
import static org.socketlab.options.TcpState.FIN_WAIT_1;
import static org.socketlab.options.TcpState.FIN_WAIT_2;
import static org.socketlab.options.TcpState.LAST_ACK;
import static org.socketlab.options.TcpState.LISTEN;
import static org.socketlab.options.TcpState.SYN_RECV;
import static org.socketlab.options.TcpState.SYN_SENT;
import static org.socketlab.options.TcpState.TIME_WAIT;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.options.TcpState;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpStatesTest {

    private static final Endpoint CLIENT = new Endpoint("127.0.0.1", 55104);
    private static final Endpoint SERVER = new Endpoint("127.0.0.1", 21330);

    @Test
    void theActiveCloserEndsInTimeWaitThePassiveOneClosed() {
        TcpStates states = TcpStates.infer(Captures.parse("echo-ipv4.txt").segments());

        assertThat(path(states, CLIENT)).containsExactly(SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT);
        assertThat(path(states, SERVER)).containsExactly(LISTEN, SYN_RECV, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED);
    }

    @Test
    void aFinChangesItsReceiverAtTheFinThatCausedItOnceTheReceiverAcksIt() {
        TcpStates states = TcpStates.infer(Captures.parse("echo-ipv4.txt").segments());

        assertThat(states.changesAt(5))
                .as("the client's [F.]: the server's CLOSE_WAIT, shown by its ACK (ack 8) that came with the echo")
                .containsExactly(
                        new StateChange(5, CLIENT, SERVER, ESTABLISHED, FIN_WAIT_1),
                        new StateChange(5, SERVER, CLIENT, ESTABLISHED, CLOSE_WAIT));
        assertThat(states.changesAt(6))
                .as("the server's ACK of the FIN, with its echo")
                .containsExactly(new StateChange(6, CLIENT, SERVER, FIN_WAIT_1, FIN_WAIT_2));
        assertThat(states.changesAt(8))
                .as("the server's [F.]: its LAST_ACK, and the client's TIME_WAIT its last ACK shows")
                .containsExactly(
                        new StateChange(8, SERVER, CLIENT, CLOSE_WAIT, LAST_ACK),
                        new StateChange(8, CLIENT, SERVER, FIN_WAIT_2, TIME_WAIT));
        assertThat(states.changesAt(9)).containsExactly(new StateChange(9, SERVER, CLIENT, LAST_ACK, CLOSED));
        assertThat(states.changes()).extracting(StateChange::segment).isSorted();
    }

    @Test
    void aFinOnDataAcknowledgedByTheAnsweringFin() {
        List<Segment> segments = Captures.parse("fin-with-data.txt").segments();
        Endpoint client = segments.get(0).source();
        Endpoint server = segments.get(0).destination();

        TcpStates states = TcpStates.infer(segments);

        assertThat(path(states, client)).containsExactly(SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT);
        assertThat(path(states, server)).containsExactly(LISTEN, SYN_RECV, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED);
    }

    @Test
    void aSimultaneousCloseGoesThroughClosing() {
        List<Segment> segments = Captures.parse("simultaneous-close.txt").segments();
        Endpoint client = new Endpoint("127.0.0.1", 57852);
        Endpoint server = new Endpoint("127.0.0.1", 27610);

        TcpStates states = TcpStates.infer(segments);

        assertThat(path(states, client))
                .as("the client's FIN left before the server's arrived")
                .containsSubsequence(FIN_WAIT_1, CLOSING, TIME_WAIT)
                .doesNotContain(CLOSE_WAIT, LAST_ACK);
        assertThat(path(states, server)).doesNotContain(CLOSE_WAIT, LAST_ACK).endsWith(TIME_WAIT);
    }

    @Test
    void unansweredSynsStayInSynSentAndTheListenerInListen() {
        List<Segment> segments = Captures.parse("backlog-full.txt").segments();
        Endpoint server = new Endpoint("127.0.0.1", 23052);
        Endpoint third = new Endpoint("127.0.0.1", 39350);
        Endpoint first = new Endpoint("127.0.0.1", 39326);

        TcpStates states = TcpStates.infer(segments);

        assertThat(states.stateOf(third, server)).contains(SYN_SENT);
        assertThat(states.stateOf(server, third)).contains(LISTEN);
        assertThat(states.changes()).filteredOn(c -> c.end().equals(third)).hasSize(1);
        assertThat(path(states, first))
                .as("served, closed, then reset when the listener closed")
                .containsExactly(SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSED);
        assertThat(states.stateOf(server, first)).contains(CLOSED);
    }

    @Test
    void aRefusedConnectionNeverListened() {
        List<Segment> segments = Captures.parse("refused.txt").segments();
        Endpoint client = segments.get(0).source();
        Endpoint port = segments.get(0).destination();

        TcpStates states = TcpStates.infer(segments);

        assertThat(path(states, client)).containsExactly(SYN_SENT, CLOSED);
        assertThat(states.changes()).filteredOn(c -> c.end().equals(port)).isEmpty();
        assertThat(states.stateOf(port, client)).contains(CLOSED);
    }

    @Test
    void aResetClosesBothEnds() {
        List<Segment> segments = Captures.parse("rst-after-close.txt").segments();
        Endpoint client = segments.get(0).source();
        Endpoint server = segments.get(0).destination();

        TcpStates states = TcpStates.infer(segments);

        assertThat(path(states, client)).endsWith(CLOSE_WAIT, CLOSED);
        assertThat(path(states, server)).endsWith(FIN_WAIT_1, FIN_WAIT_2, CLOSED);
    }

    @Test
    void aConnectionCapturedMidwayStartsEstablished() {
        List<Segment> segments = Captures.parse("echo-ipv4.txt").segments().subList(3, 10);

        TcpStates states = TcpStates.infer(segments);

        assertThat(states.changes().get(0)).isEqualTo(new StateChange(2, CLIENT, SERVER, ESTABLISHED, FIN_WAIT_1));
        assertThat(states.stateOf(CLIENT, SERVER)).contains(TIME_WAIT);
    }

    @Test
    void aKernelSnapshotConfirmsOrContradicts() {
        TcpStates states = TcpStates.infer(Captures.parse("echo-ipv4.txt").segments());

        List<StateCheck> checks = states.check(List.of(
                new SocketState(CLIENT, SERVER, TIME_WAIT),
                new SocketState(new Endpoint("0.0.0.0", 21330), new Endpoint("0.0.0.0", 0), LISTEN),
                new SocketState(new Endpoint("127.0.0.1", 1), new Endpoint("127.0.0.1", 2), ESTABLISHED)));
        List<StateCheck> wrong = states.check(List.of(new SocketState(CLIENT, SERVER, FIN_WAIT_2)));

        assertThat(checks)
                .as("the unrelated socket is left out")
                .extracting(StateCheck::confirmed)
                .containsExactly(true, true);
        assertThat(checks.get(0)).hasToString("✔ 127.0.0.1:55104 TIME_WAIT (ss: TIME-WAIT)");
        assertThat(wrong).singleElement().satisfies(c -> {
            assertThat(c.confirmed()).isFalse();
            assertThat(c).hasToString("✘ 127.0.0.1:55104 TIME_WAIT (ss: FIN-WAIT-2)");
        });
    }

    @Test
    void readsTheStateNamesOfEveryTool() {
        assertThat(TcpState.fromName("ESTAB")).contains(ESTABLISHED);
        assertThat(TcpState.fromName("FIN-WAIT-2")).contains(FIN_WAIT_2);
        assertThat(TcpState.fromName("fin_wait2")).contains(FIN_WAIT_2);
        assertThat(TcpState.fromName("SYN_RECEIVED")).contains(SYN_RECV);
        assertThat(TcpState.fromName("0A")).contains(LISTEN);
        assertThat(TcpState.fromName("06")).contains(TIME_WAIT);
        assertThat(TcpState.fromName("UNCONN")).contains(CLOSED);
        assertThat(TcpState.fromName("ESTABLISHED?")).isEqualTo(Optional.empty());
    }

    private static List<TcpState> path(TcpStates states, Endpoint end) {
        return states.changes().stream()
                .filter(c -> c.end().equals(end))
                .map(StateChange::to)
                .toList();
    }
}
