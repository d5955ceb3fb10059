package dev.specagent.envs.hotpotqa.replay;

import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference's per-question match rates on hand-made steps. */
class StepMatchesTest {

    private static RecordedTrajectory side(List<List<String>> actions) {
        List<String> blanks = actions.stream().map(a -> "").toList();
        return new RecordedTrajectory(blanks, actions, blanks, actions.stream().map(a -> 0.0).toList());
    }

    @Test
    void withoutAStepAfterTheFirstTheRateIsGeneralZero() {
        StepMatches m = StepMatches.of(side(List.of(List.of("Search[A]"))), side(List.of(List.of("Search[A]"))));

        assertThat(m.rates()).isEqualTo(Map.of("general", 0.0));
    }

    @Test
    void aStepWithoutActionCountsInGeneralOnlyAndNeverMatches() {
        StepMatches m = StepMatches.of(side(List.of(List.of("Search[A]"), List.of(), List.of("think"), List.of("[x]"))),
                side(List.of(List.of(), List.of("Search[B]"), List.of("think"), List.of("[x]"))));

        // "think" is no action but the same text: strictly matched, and it has no type; "[x]" has the empty type
        assertThat(m.counted()).isEqualTo(Map.of("general", 3, "", 1));
        assertThat(m.matched()).isEqualTo(Map.of("general", 2, "", 1));
        assertThat(StepMatches.matches(null, List.of("Search[A]"))).isFalse();
    }
}
