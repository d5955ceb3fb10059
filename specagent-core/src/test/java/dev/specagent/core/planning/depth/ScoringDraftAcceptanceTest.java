package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.PlanningTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The measuring source: it drives with one source, logs every verified draft with each scored source's score taken
 * before any learns the episode (NaN while cold), and tells every source of everything once, the driver included.
 */
class ScoringDraftAcceptanceTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");

    @Test
    void everyVerifiedDraftIsLoggedWithEachSourcesScoreBeforeLearning() {
        FakeDraftAcceptance driver = new FakeDraftAcceptance(OptionalDouble.of(0.7), OptionalDouble.of(0.1));
        FakeDraftAcceptance cold = FakeDraftAcceptance.cold();
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.ACCEPTANCE, DraftClassifier.TARGET_POLICY));
        ScoringDraftAcceptance scoring = new ScoringDraftAcceptance(driver, List.of(driver, cold), log);
        DepthQuery start = new DepthQuery(TASK, List.of("P"), List.of(2), 20);
        assertThat(scoring.acceptance(start, List.of("A"), 1)).hasValue(0.7);
        // from prefix [P]: A accepted, B rejected (the target said Z), C never verified
        scoring.learn(new EpisodeRecord(TASK, List.of("P"), 3, 1, 2, List.of("A", "Z"), List.of("A", "B", "C"),
                EpisodeRecord.End.MISMATCH, List.of(2)));
        assertThat(log.entries()).hasSize(2);
        DraftScoreLog.Entry first = log.entries().get(0);
        DraftScoreLog.Entry second = log.entries().get(1);
        assertThat(first.taskId()).isEqualTo("t");
        assertThat(first.position()).isEqualTo(1);
        assertThat(first.draft()).isEqualTo("A");
        assertThat(first.accepted()).isTrue();
        assertThat(first.scores()[0]).as("the driver's score before it learned").isEqualTo(0.7);
        assertThat(first.scores()[1]).as("a cold source").isNaN();
        assertThat(second.position()).isEqualTo(2);
        assertThat(second.draft()).isEqualTo("B");
        assertThat(second.accepted()).isFalse();
        assertThat(driver.learned).as("the driver learns once though it is also scored").isEqualTo(1);
        assertThat(cold.learned).isEqualTo(1);
        assertThat(scoring.acceptance(start, List.of("A"), 1)).hasValue(0.1);
    }

    /** A target-only episode verified no draft: nothing is logged, but every source still learns it. */
    @Test
    void aTargetOnlyEpisodeIsLearnedButNotLogged() {
        FakeDraftAcceptance driver = FakeDraftAcceptance.fixed(0.5);
        FakeDraftAcceptance other = FakeDraftAcceptance.fixed(0.5);
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.ACCEPTANCE));
        ScoringDraftAcceptance scoring = new ScoringDraftAcceptance(driver, List.of(other), log);
        scoring.learn(new EpisodeRecord(TASK, List.of(), 0, 0, 0, List.of("Z"), List.of(), EpisodeRecord.End.MISMATCH));
        assertThat(log.entries()).isEmpty();
        assertThat(driver.learned).isEqualTo(1);
        assertThat(other.learned).isEqualTo(1);
    }

    /** Each source, the driver included once, is closed. */
    @Test
    void everySourceIsClosedOnce() {
        FakeDraftAcceptance driver = FakeDraftAcceptance.fixed(0.5);
        FakeDraftAcceptance other = FakeDraftAcceptance.fixed(0.5);
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.ACCEPTANCE, DraftClassifier.STACKED));
        ScoringDraftAcceptance scoring = new ScoringDraftAcceptance(driver, List.of(other, driver), log);
        scoring.close();
        for (FakeDraftAcceptance s : List.of(driver, other)) {
            assertThat(s.closed).isEqualTo(1);
        }
        assertThatThrownBy(() -> new ScoringDraftAcceptance(driver, List.of(driver), log))
                .hasMessage("need one scored source per classifier of the log");
    }
}
