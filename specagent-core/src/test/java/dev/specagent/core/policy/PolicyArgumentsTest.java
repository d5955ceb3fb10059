package dev.specagent.core.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policies' argument checks: their messages, and which argument is checked first. */
class PolicyArgumentsTest {

    @Test
    void chainedAndAdaptiveRejectADepthLimitBelowOneAlike() {
        assertThatThrownBy(() -> new ChainedPolicy(2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("depth limit must be at least 1, got 0");
        assertThatThrownBy(() -> Policies.byName("adaptive", 2, -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("depth limit must be at least 1, got -3");
    }

    @Test
    void adaptiveChecksKThenDepthThenValueOfTime() {
        assertThatThrownBy(() -> new AdaptivePolicy(0, 0, -1, 2)).hasMessage("k must be at least 1, got 0");
        assertThatThrownBy(() -> new AdaptivePolicy(1, 0, -1, 2)).hasMessage("depth limit must be at least 1, got 0");
        assertThatThrownBy(() -> new AdaptivePolicy(1, 1, -1, 0))
                .hasMessage("usdPerSecond (the value of time) must be >= 0, got -1.0");
        assertThatThrownBy(() -> new ChainedPolicy(0, 0)).hasMessage("k must be at least 1, got 0");
    }

    /**
     * Each of the adaptive policy's two numbers is named with the value it got: one message used to cover both
     * ("value of time must be >= 0 and the confidence floor in [0, 1]"), so a confidence floor of 1.1 or NaN was
     * refused without saying which argument or what value.
     */
    @Test
    void adaptiveNamesTheNumberItRefusesWithItsValue() {
        assertThatThrownBy(() -> new AdaptivePolicy(1, 1, Double.NaN, 0.5))
                .hasMessage("usdPerSecond (the value of time) must be >= 0, got NaN");
        assertThatThrownBy(() -> new AdaptivePolicy(1, 1, 0.5, 1.1))
                .hasMessage("minRouteConfidence (the confidence floor) must be in [0, 1], got 1.1");
        assertThatThrownBy(() -> new AdaptivePolicy(1, 1, 0.5, Double.NaN))
                .hasMessage("minRouteConfidence (the confidence floor) must be in [0, 1], got NaN");
    }
}
