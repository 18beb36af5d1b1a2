package org.socketlab.lab.cheatsheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.socketlab.lab.fixture.Host;

/** The timers of {@code ss -o} as the cheat sheet's activities read them, without a socket. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HostKernelTest {

    @Test
    void readsEachTimerWithItsTimeLeftAndCount() {
        assertThat(HostKernel.Timer.of("ESTAB 0 41992 10.86.2.2:60290 10.86.2.1:7001 timer:(persist,688ms,0) ts"))
                .isEqualTo(new HostKernel.Timer("persist", 0.688, 0));
        assertThat(HostKernel.Timer.of("TIME-WAIT 0 0 127.0.0.1:49182 127.0.0.1:46303 timer:(timewait,59sec,0)"))
                .isEqualTo(new HostKernel.Timer("timewait", 59, 0));
        assertThat(HostKernel.Timer.of("ESTAB 0 17 10.86.2.2:1 10.86.2.1:2 timer:(on,1min5sec,7) rto:120000"))
                .isEqualTo(new HostKernel.Timer("on", 65, 7));
    }

    @Test
    void aSocketWithoutATimerFailsTheObservationSayingWhatSsShowed() {
        assertThatThrownBy(() -> HostKernel.Timer.of("ESTAB 0 0 10.86.2.2:1 10.86.2.1:2"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("ss shows no timer: ESTAB 0 0 10.86.2.2:1 10.86.2.1:2");
    }

    @Test
    void neverChangesThisMachinesOwnKernel() {
        assertThatThrownBy(() -> HostKernel.sysctl(Host.LOOPBACK, "net.ipv4.tcp_recovery=0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only in a namespace");
        assertThatThrownBy(() -> HostKernel.mtu(Host.LOOPBACK, 1000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HostKernel.rate(Host.LOOPBACK, "20mbit")).isInstanceOf(IllegalStateException.class);
    }
}
