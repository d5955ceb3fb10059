package dev.specagent.llm.internal;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM-wide marks of base URLs given up on are a memory of the last {@link UnreachableEndpoints#WINDOW}, not of the
 * process's life: a service running for days that met many base URLs down once (a fleet of local models restarted one
 * by one, a port per test server) kept one mark per URL forever, as a mark was only dropped when its own URL was asked
 * about again or reached.
 */
class UnreachableEndpointsTest {

    @Test
    void marksOlderThanTheWindowAreForgottenWhenAnotherEndpointIsGivenUpOn() {
        long[] now = {0};
        UnreachableEndpoints marks = new UnreachableEndpoints(() -> now[0], Duration.ofSeconds(30));
        for (int port = 20_000; port < 21_000; port++) {
            marks.gaveUp(URI.create("http://127.0.0.1:" + port + "/v1"));
            now[0] += Duration.ofSeconds(1).toNanos();
        }
        // the last 30 give-ups are within the window; the 970 before them are not, and nobody asks about them again
        assertThat(marks.marks()).isLessThanOrEqualTo(31);
        URI recent = URI.create("http://127.0.0.1:20999/v1");
        assertThat(marks.recentlyUnreachable(recent)).isTrue();
        assertThat(marks.recentlyUnreachable(URI.create("http://127.0.0.1:20000/v1"))).isFalse();
    }
}
