package org.socketlab.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OptionSetTest {

    @Test
    void theServerSetsSoReuseaddrFalseUnlessAskedUnlikeTheJdk() {
        ServerSocketConfig config = ServerSocketConfig.defaults();
        assertThat(config.backlog()).isEqualTo(17);
        assertThat(config.listening().get(SockOpt.SO_REUSEADDR)).contains(false);
        assertThat(ServerSocketConfig.builder()
                        .option(SockOpt.SO_REUSEADDR, true)
                        .build()
                        .listening()
                        .get(SockOpt.SO_REUSEADDR))
                .contains(true);
    }

    @Test
    void eachServerOptionGoesToTheSocketItIsMeantFor() {
        ServerSocketConfig config = ServerSocketConfig.builder()
                .options(List.of(
                        OptionAssignment.parse("TCP_MAXSEG=88"), OptionAssignment.parse("SO_RCVBUF=4096"),
                        OptionAssignment.parse("SO_LINGER=0"), OptionAssignment.parse("TCP_NODELAY=true")))
                .build();
        assertThat(config.listening().values())
                .containsOnlyKeys(SockOpt.TCP_MAXSEG, SockOpt.SO_RCVBUF, SockOpt.SO_REUSEADDR);
        assertThat(config.accepted().values()).containsOnlyKeys(SockOpt.SO_LINGER, SockOpt.TCP_NODELAY);
    }

    @Test
    void bindOptionsMeanNothingOnTheClient() {
        assertThatThrownBy(() -> ClientSocketConfig.of(List.of(OptionAssignment.parse("SO_REUSEADDR=1"))))
                .hasMessage(
                        "SO_REUSEADDR means nothing on the client: it applies to the server's listening socket only");
    }

    @Test
    void anOptionForAnotherSocketIsRefused() {
        assertThatThrownBy(() -> OptionSet.builder(SocketRole.LISTENING).set(SockOpt.SO_LINGER, 0))
                .hasMessage("SO_LINGER applies to each accepted socket, not to the server's listening socket");
    }

    @Test
    void anOptionGivenTwiceWithDifferentValuesIsRefusedAndTheSameValueTwiceIsFine() {
        assertThatThrownBy(() -> ClientSocketConfig.of(
                        List.of(OptionAssignment.parse("TCP_MAXSEG=88"), OptionAssignment.parse("TCP_MAXSEG=100"))))
                .hasMessage("TCP_MAXSEG given twice with different values (88 and 100); give it once");
        assertThat(ClientSocketConfig.of(List.of(
                                OptionAssignment.parse("TCP_NODELAY=true"), OptionAssignment.parse("TCP_NODELAY=1")))
                        .connecting()
                        .get(SockOpt.TCP_NODELAY))
                .contains(true);
    }

    @Test
    void theBacklogMustBePositive() {
        assertThatThrownBy(() -> ServerSocketConfig.builder().backlog(0).build())
                .hasMessageContaining("bad backlog 0");
    }

    @Test
    void setsAreImmutableValues() {
        OptionSet a = OptionSet.builder(SocketRole.CONNECTING)
                .set(SockOpt.SO_TIMEOUT, 500)
                .build();
        OptionSet b = OptionSet.builder(SocketRole.CONNECTING)
                .set(SockOpt.SO_TIMEOUT, "500")
                .build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString("SO_TIMEOUT=500");
        assertThat(a.readTimeoutMillis()).isEqualTo(500);
        assertThatThrownBy(() -> a.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
