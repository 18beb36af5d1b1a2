package org.socketlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionExecutorsTest {

    @Test
    void theAcceptLoopServesOnItsOwnThread() {
        Thread[] servedOn = new Thread[1];
        ConnectionExecutors.acceptLoop().execute(() -> servedOn[0] = Thread.currentThread());
        assertThat(servedOn[0]).isSameAs(Thread.currentThread());
    }

    @Test
    void aThreadPerConnectionIsANewNamedPlatformThread() throws Exception {
        CompletableFuture<Thread> servedOn = new CompletableFuture<>();
        ConnectionExecutors.threadPerConnection().execute(() -> servedOn.complete(Thread.currentThread()));
        Thread thread = servedOn.get(10, TimeUnit.SECONDS);
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.getName()).isEqualTo("connection-1");
        assertThat(thread.toString()).doesNotContain("VirtualThread");
    }

    @Test
    void theVirtualModelNeedsJdk21AndSaysSoOnOlderOnes() throws Exception {
        if (Runtime.version().feature() >= 21) {
            Executor virtual = ConnectionExecutors.virtualThreadPerConnection(0);
            CompletableFuture<Thread> servedOn = new CompletableFuture<>();
            virtual.execute(() -> servedOn.complete(Thread.currentThread()));
            assertThat(servedOn.get(10, TimeUnit.SECONDS).toString()).contains("VirtualThread");
        } else {
            assertThatThrownBy(() -> ConnectionExecutors.virtualThreadPerConnection(0))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageStartingWith("the virtual model needs JDK 21 or newer (this is JDK "
                            + Runtime.version().feature() + ")");
        }
    }

    @Test
    void anotherCarrierCountThanTheJvmAlreadyHasIsRefused() {
        String before = System.getProperty(ConnectionExecutors.CARRIERS);
        System.setProperty(ConnectionExecutors.CARRIERS, "3");
        try {
            assertThatThrownBy(() -> ConnectionExecutors.virtualThreadPerConnection(2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot carry virtual threads on 2 threads: this JVM already has "
                            + "jdk.virtualThreadScheduler.parallelism=3, and the JDK reads it once");
        } finally {
            if (before == null) {
                System.clearProperty(ConnectionExecutors.CARRIERS);
            } else {
                System.setProperty(ConnectionExecutors.CARRIERS, before);
            }
        }
    }
}
