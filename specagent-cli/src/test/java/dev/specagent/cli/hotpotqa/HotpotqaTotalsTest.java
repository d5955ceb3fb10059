package dev.specagent.cli.hotpotqa;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The totals line of {@code hotpotqa} over no sequential time says {@code n/a saved}, as its report and {@code --json}
 * ({@code saved_pct} null) do; it used to print {@code 0.0% saved}, a measurement nobody made.
 */
class HotpotqaTotalsTest {

    @Test
    void noSequentialTimeIsNoSavedPercentage() {
        HotpotqaTotals none = new HotpotqaTotals(1, 1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(none.time()).isEqualTo("0.00 s vs sequential 0.00 s (n/a saved)");
        assertThat(none.toJson().get("saved_pct").isNull()).isTrue();
        HotpotqaTotals some = new HotpotqaTotals(1, 1, 1, 3, 4, 25, 0, 0, 0);
        assertThat(some.time()).isEqualTo("3.00 s vs sequential 4.00 s (25.0% saved)");
        assertThat(some.toJson().get("saved_pct").asDouble()).isEqualTo(25.0);
        assertThat(some.toJson().has("time")).as("a method, not a field").isFalse();
    }
}
