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
                .hasMessage("value of time must be >= 0 and the confidence floor in [0, 1]");
        assertThatThrownBy(() -> new ChainedPolicy(0, 0)).hasMessage("k must be at least 1, got 0");
    }
}
