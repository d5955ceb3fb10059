package dev.specagent.core.runner;

import dev.specagent.core.call.Call;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.Usage;
import dev.specagent.core.ledger.RunFigures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunResultTest {

    private static RunResult<List<String>> run(String policy, String secondValue, List<String> state, Usage usage) {
        List<Outcome> trajectory = List.of(
                new Outcome(Call.of("look", "q", "a"), CanonicalJson.parse("{\"x\": 1.0, \"y\": [1, 2]}"), usage),
                new Outcome(Call.of("look", "q", "b"), CanonicalJson.valueOf(secondValue), usage));
        return new RunResult<>(policy, trajectory, state, List.of(), RunFigures.of(List.of()));
    }

    @Test
    void committedSameAsComparesCallsValuesAndFinalStateButNotUsageOrPolicy() {
        RunResult<List<String>> sequential = run("sequential", "b1", List.of("a", "b"), Usage.ZERO);
        assertThat(run("chained", "b1", List.of("a", "b"), new Usage(10, 5, 0, 0.2)).committedSameAs(sequential))
                .isTrue();
        assertThat(run("chained", "b2", List.of("a", "b"), Usage.ZERO).committedSameAs(sequential))
                .as("a different value").isFalse();
        assertThat(run("chained", "b1", List.of("a", "c"), Usage.ZERO).committedSameAs(sequential))
                .as("a different final state").isFalse();
        RunResult<List<String>> shorter = new RunResult<>("chained", sequential.trajectory().subList(0, 1),
                List.of("a", "b"), List.of(), RunFigures.of(List.of()));
        assertThat(shorter.committedSameAs(sequential)).as("a shorter trajectory").isFalse();
    }

    @Test
    void leftOutLaunchesAreCountedApartAndNeverNegative() {
        RunFigures none = RunFigures.of(List.of());
        RunResult<String> both = new RunResult<>("chained", List.of(), "s", List.of(), none, 3, 2);
        assertThat(both.cappedLaunches()).isEqualTo(3);
        assertThat(both.overBudgetLaunches()).isEqualTo(2);
        RunResult<String> capOnly = new RunResult<>("chained", List.of(), "s", List.of(), none, 3);
        assertThat(capOnly.cappedLaunches()).isEqualTo(3);
        assertThat(capOnly.overBudgetLaunches()).isZero();
        assertThatThrownBy(() -> new RunResult<>("chained", List.of(), "s", List.of(), none, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overBudgetLaunches");
        assertThatThrownBy(() -> new RunResult<>("chained", List.of(), "s", List.of(), none, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cappedLaunches");
    }
}
