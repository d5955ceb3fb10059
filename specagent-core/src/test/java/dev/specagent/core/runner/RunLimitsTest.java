package dev.specagent.core.runner;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The call timeout as a {@link Duration}: the same limit as in nanoseconds, checked the same way. */
class RunLimitsTest {

    @Test
    void aDurationTimeoutIsTheNanosecondTimeout() {
        assertThat(RunLimits.DEFAULT.withCallTimeout(Duration.ofMillis(2500)))
                .isEqualTo(RunLimits.DEFAULT.withCallTimeoutNanos(2_500_000_000L));
        assertThat(RunLimits.DEFAULT.withMaxAttempts(1).withCallTimeout(Duration.ofSeconds(3)).callTimeoutNanos())
                .isEqualTo(3_000_000_000L);
        assertThat(RunLimits.DEFAULT.withCallTimeoutNanos(7).withCallTimeout(Duration.ZERO).callTimeoutNanos())
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
}
