package dev.specagent.core.call;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Usage} arithmetic: sums, and what a running total spent between two readings. */
class UsageTest {

    @Test
    void sinceIsTheDifferenceOfTwoReadingsOfARunningTotal() {
        Usage before = new Usage(3, 1, 0, 0.1);
        Usage after = before.plus(new Usage(40, 2, 5, 0.2));
        assertThat(after.since(before)).isEqualTo(new Usage(40, 2, 5, after.costUsd() - 0.1));
        assertThat(after.since(after)).isEqualTo(Usage.ZERO);
    }

    @Test
    void sinceNeverGoesNegativeThroughRoundingOfTheDollars() {
        Usage total = new Usage(0, 0, 0, 0.1 + 0.2);
        assertThat(new Usage(0, 0, 0, 0.3).since(total).costUsd()).isZero();
        assertThatThrownBy(() -> new Usage(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * An infinite cost (a trace's {@code "costUsd": 1e400} parses as one) is refused: accepted, it made a run's
     * unnecessary cost max(0, ∞ − ∞) = NaN, printed as "NaN" in every figure's JSON.
     */
    @Test
    void anInfiniteCostIsRefusedLikeANegativeOne() {
        assertThatThrownBy(() -> new Usage(1, 1, 0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> Usage.ofCost(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Usage.ofCost(Double.MAX_VALUE).costUsd()).isEqualTo(Double.MAX_VALUE);
    }
}
