package dev.specagent.llm.internal;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM-wide concurrency limits per endpoint: one is shared by the clients of an endpoint that hold it, and a limit
 * that no client holds any more is forgotten. A service that built a client per base URL (a model per port, a
 * tenant's own endpoint) kept one semaphore per URL and limit it had ever built a client for, for the life of the JVM.
 */
class EndpointLimitsTest {

    @Test
    void clientsOfOneEndpointAndLimitShareOneSemaphoreWhileTheyHoldIt() {
        URI base = URI.create("http://127.0.0.1:7/v1");
        Semaphore held = EndpointLimits.of(base, 3);
        assertThat(EndpointLimits.of(base, 3)).isSameAs(held);
        assertThat(EndpointLimits.of(base, 4)).isNotSameAs(held);
        collectGarbage();
        assertThat(EndpointLimits.of(base, 3)).isSameAs(held);
    }

    @Test
    void aLimitNoClientHoldsIsForgotten() {
        for (int port = 30_000; port < 31_000; port++) {
            EndpointLimits.of(URI.create("http://127.0.0.1:" + port + "/v1"), 16);
        }
        collectGarbage();
        EndpointLimits.of(URI.create("http://127.0.0.1:31000/v1"), 16);
        assertThat(EndpointLimits.remembered()).isLessThan(100);
    }

    /** Runs the collector until an object reachable from nothing is collected, so that weak references are cleared. */
    private static void collectGarbage() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        for (int i = 0; i < 50 && sentinel.get() != null; i++) {
            System.gc();
        }
        assertThat(sentinel.get()).as("collected").isNull();
    }
}
