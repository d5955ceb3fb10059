package dev.specagent.core.planning.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a cancelled step of one or two chained calls is charged for its prompt. */
class CallProfileTest {

    @Test
    void aTwoCallStepCancelledBeforeItsSecondCallStartsPaysOnlyTheFirstPrompt() {
        // the thought takes the first half of the step's time and sends 40% of its prompt tokens
        CallProfile react = new CallProfile(6, 0, 1000, 0, 100, 0, 0.5, 0.4);
        assertThat(react.promptCharged(1000, 0)).isEqualTo(400);
        assertThat(react.promptCharged(1000, 0.49)).isEqualTo(400);
        assertThat(react.promptCharged(1000, 0.5)).as("the second call starts at half time").isEqualTo(1000);
        assertThat(react.promptCharged(1000, 1)).isEqualTo(1000);
    }

    @Test
    void aOneCallStepPaysItsWholePromptFromTheStart() {
        CallProfile direct = new CallProfile(1, 0, 100, 0, 10, 0);
        assertThat(direct.promptCharged(100, 0)).isEqualTo(100);
        assertThat(direct.promptCharged(100, 0.5)).isEqualTo(100);
    }

    @Test
    void anImpossibleProfileIsRefused() {
        assertThatThrownBy(() -> new CallProfile(0, 0, 100, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid call profile: 0.0s");
        assertThatThrownBy(() -> new CallProfile(1, 0, 100, 0, 10, 0, 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shares 1.5/1.0");
    }
}
