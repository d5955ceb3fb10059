package dev.specagent.envs.hotpotqa.tools;

import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import dev.specagent.envs.hotpotqa.tools.ReactAction.Type;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The latency model of the recorded runs: recorded searches keep their latency, other calls draw a recorded one. */
class RecordedToolLatencyTest {

    /** A recorded question whose real run made {@code actions}, each observation taking {@code seconds}. */
    static RecordedRun run(List<String> actions, List<Double> seconds) {
        List<String> blanks = actions.stream().map(a -> "").toList();
        RecordedTrajectory normal = new RecordedTrajectory(blanks, actions.stream().map(List::of).toList(), blanks, seconds);
        return new RecordedRun(Path.of("q"), "actor", 1, "spec", "1", "Q?", Optional.of(normal), Optional.empty(),
                Optional.empty());
    }

    @Test
    void aRecordedSearchTakesItsFirstRecordedLatencyWhateverItsCase() {
        RecordedToolLatency latency = RecordedToolLatency.from(List.of(
                run(List.of("Search[Ed Wood]", "Lookup[born]", "Finish[x]"), List.of(0.7, 0.001, 0.0)),
                run(List.of("search[ed wood]", "Search[Paris]"), List.of(0.2, 0.4))));

        assertThat(latency.seconds(Type.SEARCH, "Ed Wood")).isEqualTo(0.7);
        assertThat(latency.seconds(Type.SEARCH, "paris")).isEqualTo(0.4);
    }

    @Test
    void anUnrecordedCallDrawsARecordedLatencyOfItsOwnTypeTheSameEachTime() {
        RecordedToolLatency latency = RecordedToolLatency.from(List.of(
                run(List.of("Search[A]", "Lookup[k]", "Search[B]", "Lookup[l]", "Finish[x]"),
                        List.of(0.5, 0.01, 0.6, 0.02, 9.0))));

        for (String key : List.of("zola", "ed wood", "the moon")) {
            assertThat(latency.seconds(Type.SEARCH, key)).isIn(0.5, 0.6).isEqualTo(latency.seconds(Type.SEARCH, key));
            assertThat(latency.seconds(Type.LOOKUP, key)).isIn(0.01, 0.02).isEqualTo(latency.seconds(Type.LOOKUP, key));
        }
    }

    @Test
    void drawsSpreadOverEveryRecordedLatency() {
        List<String> actions = IntStream.range(0, 10).mapToObj(i -> "Search[page " + i + "]").toList();
        List<Double> seconds = IntStream.range(0, 10).mapToObj(i -> 0.1 * (i + 1)).toList();
        RecordedToolLatency latency = RecordedToolLatency.from(List.of(run(actions, seconds)));

        Set<Double> drawn = new HashSet<>();
        IntStream.range(0, 200).forEach(i -> drawn.add(latency.seconds(Type.SEARCH, "unrecorded " + i)));
        assertThat(drawn).hasSize(10);
    }

    @Test
    void withoutARecordedLookupALookupTakesNoTime() {
        RecordedToolLatency latency = RecordedToolLatency.from(List.of(run(List.of("Search[A]"), List.of(0.5))));

        assertThat(latency.seconds(Type.LOOKUP, "anything")).isZero();
    }

    @Test
    void onlyParsedStepsWithALatencyOfRealRunsAreRecorded() {
        RecordedRun noRealRun = new RecordedRun(Path.of("q"), "actor", 1, "spec", "2", "Q?", Optional.empty(),
                Optional.empty(), Optional.empty());
        RecordedToolLatency latency = RecordedToolLatency.from(List.of(noRealRun,
                run(List.of("I search[Bad]", "Search[A]", "Search[Late]"), List.of(5.0, 0.5))));

        assertThat(latency.seconds(Type.SEARCH, "bad")).isEqualTo(0.5);
        assertThat(latency.seconds(Type.SEARCH, "late")).isEqualTo(0.5);
    }

    @Test
    void recordsWithoutASearchAreRefused() {
        assertThatThrownBy(() -> RecordedToolLatency.from(List.of(run(List.of("Lookup[k]", "Finish[x]"), List.of(0.1, 0.0)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no recorded search latency to draw from");
    }

    @Test
    void aFixedModelTakesItsStatedLatenciesAndZeroIsAllowed() {
        ToolLatency fixed = ToolLatency.fixed(0.5, 0.0);
        assertThat(fixed.seconds(Type.SEARCH, "a")).isEqualTo(0.5);
        assertThat(fixed.seconds(Type.LOOKUP, "a")).isZero();
        assertThat(ToolLatency.fixed(0.0, 0.25).seconds(Type.LOOKUP, "a")).isEqualTo(0.25);
        for (double[] bad : new double[][] {{-0.1, 0}, {0, -0.1}, {Double.NaN, 0}, {0, Double.NaN}}) {
            assertThatThrownBy(() -> ToolLatency.fixed(bad[0], bad[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("latencies must be >= 0 s");
        }
    }
}
