package dev.specagent.core.clock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run whose thread was interrupted as it started (its loop stopped before its first event ran) used to leave that
 * event queued on its {@link RealClock}, where the next run on the clock ran it (the planner then planned the failed
 * task on: {@code SpeculativePlannerTest.aPlanInterruptedAsItStartsCallsNothingEvenOnTheNextPlansLoop}).
 * {@link Clock#start} now drops it.
 */
class ClockStartTest {

    @Test
    void aFirstEventThatDidNotRunBeforeTheLoopStoppedNeverRuns() {
        List<String> ran = new ArrayList<>();
        try (RealClock clock = new RealClock()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> clock.start(() -> ran.add("interrupted run"), () -> false))
                    .isInstanceOf(IllegalStateException.class).hasMessage("interrupted while running");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();

            clock.start(() -> ran.add("next run"), () -> ran.contains("next run"));
            clock.execute(() -> ran.add("a task after it")); // drains anything still queued before it
            clock.runUntil(() -> ran.contains("a task after it"));
        }
        assertThat(ran).containsExactly("next run", "a task after it");
    }
}
