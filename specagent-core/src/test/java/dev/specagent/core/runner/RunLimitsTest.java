package dev.specagent.core.runner;

import dev.specagent.core.clock.SimulatedClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The call timeout as a {@link Duration}: the same limit as in nanoseconds, checked the same way; a positive timeout
 * below 1 ms (milliseconds or seconds given as nanoseconds) is refused naming the unit.
 */
class RunLimitsTest {

    @Test
    void aDurationTimeoutIsTheNanosecondTimeout() {
        assertThat(RunLimits.DEFAULT.withCallTimeout(Duration.ofMillis(2500)))
                .isEqualTo(RunLimits.DEFAULT.withCallTimeoutNanos(2_500_000_000L));
        assertThat(RunLimits.DEFAULT.withMaxAttempts(1).withCallTimeout(Duration.ofSeconds(3)).callTimeoutNanos())
                .isEqualTo(3_000_000_000L);
        assertThat(RunLimits.DEFAULT.withCallTimeoutNanos(7_000_000).withCallTimeout(Duration.ZERO).callTimeoutNanos())
                .as("zero means none, as in nanoseconds").isZero();
    }

    @Test
    void aNegativeNullOrEndlessDurationIsRefusedByName() {
        assertThatThrownBy(() -> RunLimits.DEFAULT.withCallTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeout must be >= 0, got PT-0.005S");
        assertThatThrownBy(() -> RunLimits.DEFAULT.withCallTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("callTimeout");
        assertThatThrownBy(() -> RunLimits.DEFAULT.withCallTimeout(Duration.ofDays(200 * 365L * 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is too long: at most 292 years");
        assertThatThrownBy(() -> RunLimits.DEFAULT.withCallTimeoutNanos(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeoutNanos must be >= 0, got -1");
    }

    /**
     * A timeout of Long.MAX_VALUE ns, meant as none, is none: on a simulated clock the run used to fail at its second
     * call ('a delay of 9.2E9 s at t = 1.0 s is past the simulated clock's range'), its timeout timer refused.
     */
    @Test
    void aTimeoutOfLongMaxValueIsNoneOnASimulatedClock() {
        RunResult<Integer> result = SpeculativeRunner.builder(ContractViolationTest.COUNT)
                .actor(ContractViolationTest.oneSecondActor()).clock(new SimulatedClock(1))
                .limits(RunLimits.DEFAULT.withCallTimeoutNanos(Long.MAX_VALUE)).build().run();
        assertThat(result.finalState()).isEqualTo(3);
    }

    @Test
    void aTimeoutBelowAMillisecondIsRefusedNamingTheUnit() {
        assertThatThrownBy(() -> RunLimits.DEFAULT.withCallTimeoutNanos(5000)) // 5 s meant, in milliseconds
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callTimeoutNanos is in nanoseconds: 5000 ns is 5.0 µs, below the 1 ms floor (0 means no "
                        + "timeout); give a java.time.Duration instead, e.g. Duration.ofMillis(5000) or "
                        + "Duration.ofSeconds(5000)");
        assertThatThrownBy(() -> new RunLimits(64, Double.POSITIVE_INFINITY, 3, 30)) // 30 s meant
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 ns is 0.03 µs");
        assertThatThrownBy(() -> RunLimits.DEFAULT.withCallTimeout(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("callTimeout PT0.000999999S is below the 1 ms floor (Duration.ZERO means no timeout)");
        assertThat(RunLimits.DEFAULT.withCallTimeoutNanos(1_000_000).callTimeoutNanos()).as("the floor itself")
                .isEqualTo(1_000_000);
        assertThat(RunLimits.DEFAULT.withCallTimeout(Duration.ofMillis(1))).isEqualTo(
                RunLimits.DEFAULT.withCallTimeoutNanos(1_000_000));
        assertThat(RunLimits.DEFAULT.withCallTimeoutNanos(0).callTimeoutNanos()).as("none").isZero();
    }
}
