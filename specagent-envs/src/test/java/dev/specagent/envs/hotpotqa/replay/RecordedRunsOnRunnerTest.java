package dev.specagent.envs.hotpotqa.replay;

import dev.specagent.core.data.DataDirectory;
import dev.specagent.envs.hotpotqa.corpus.HotpotDataset;
import dev.specagent.envs.hotpotqa.record.RecordedRunReader;
import dev.specagent.envs.hotpotqa.record.RecordedRun;
import dev.specagent.envs.hotpotqa.record.RecordedTrajectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorded runs on the real runner: a hit is exactly the paper's strict match of a drafted
 * Search/Lookup made while the previous search ran, and the speculative trajectory is the sequential one.
 */
class RecordedRunsOnRunnerTest {

    @Test
    void runnerHitsAreTheStrictMatchesOfDraftsMadeDuringASearch() {
        RunnerReplay r = RunnerReplay.of(RecordedRunReader.readAll(DataDirectory.require(HotpotDataset.RUNS)));
        assertThat(r.questions()).isEqualTo(94);
        assertThat(r.sameAsSequential()).isEqualTo(94);
        assertThat(r.hits()).isEqualTo(r.expectedHits()).isEqualTo(81);
        // the local Wikipedia answers every recorded search with the recorded Wikipedia observation
        assertThat(r.searchesAsRecorded()).isEqualTo(r.searches()).isEqualTo(227);
    }
    @Test
    void recordsWithoutASearchReplayWithNoToolLatency() {
        RecordedTrajectory side = new RecordedTrajectory(List.of("t"), List.of(List.of("Finish[Bob]")), List.of(""),
                List.of(0.0));
        RecordedRun run = new RecordedRun(Path.of("q"), "a", 1, "s", "1", "Who?", Optional.of(side), Optional.of(side),
                Optional.empty());

        assertThat(RunnerReplay.of(List.of(run))).isEqualTo(new RunnerReplay(1, 0, 0, 0, 0, 1));
    }
}
