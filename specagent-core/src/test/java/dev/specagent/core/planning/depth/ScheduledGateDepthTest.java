package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verification scheduler's rule as its Javadoc states it: which gate the chance that the unverified prefix is
 * right reaches decides between verifying now, one draft late, drafting ahead and holding (each gate included);
 * the window and the episode form; the gates it accepts; its cold start; what it learns from; and close.
 */
class ScheduledGateDepthTest {

    private static final PlanningTask TASK = new PlanningTask("t", "Given photo image, how to caption it?");
    private static final DepthQuery START = new DepthQuery(TASK, List.of(), List.of(), 20);

    /** Each draft's probability by its text: exactly at each gate (powers of two, exact in a double), below all, or sure. */
    private static final Map<String, Double> P = Map.of("V", 0.5, "L", 0.25, "D", 0.125, "H", 0.1, "S", 1.0);

    /** A yardstick scheduler with verify gate 0.5, late gate 0.25, draft gate 0.125, cap 8, on {@link #P}. */
    private static ScheduledGateDepth yardstick() {
        return ScheduledGateDepth.yardstick("y", 0.5, 0.25, 0.125, 8, (task, prefix, draft) -> P.get(draft));
    }

    @Test
    void theChanceThatThePrefixIsRightPicksTheActionEachGateIncluded() {
        ScheduledGateDepth y = yardstick();
        assertThat(y.depth(START)).isEqualTo(8);
        assertThat(y.afterDraft(START, List.of("V"), 0, 0)).isEqualTo(Speculation.SPECULATE);
        assertThat(y.afterDraft(START, List.of("L"), 0, 0)).isEqualTo(Speculation.DRAFT_AHEAD);
        assertThat(y.afterDraft(START, List.of("L"), 0, 1)).as("one draft late").isEqualTo(Speculation.SPECULATE);
        assertThat(y.afterDraft(START, List.of("D"), 0, 0)).isEqualTo(Speculation.DRAFT_AHEAD);
        assertThat(y.afterDraft(START, List.of("D"), 0, 1)).isEqualTo(Speculation.DRAFT_AHEAD);
        assertThat(y.afterDraft(START, List.of("H"), 0, 3)).isEqualTo(Speculation.HOLD);
        // the chance runs over the drafts not yet verified: 0.5 · 0.5 with none verified, 0.5 once the first is
        assertThat(y.afterDraft(START, List.of("V", "V"), 0, 0)).isEqualTo(Speculation.DRAFT_AHEAD);
        assertThat(y.afterDraft(START, List.of("V", "V"), 1, 0)).isEqualTo(Speculation.SPECULATE);
        assertThat(y.afterDraft(START, List.of("V", "V"), 1)).as("the three-argument form asks with ahead = 0")
                .isEqualTo(Speculation.SPECULATE);
    }

    /** A window of w holds a verification on more than w unverified drafts, however sure, and allows exactly w. */
    @Test
    void theWindowHoldsVerificationsOnMoreThanItsUnverifiedDrafts() {
        ScheduledGateDepth w = yardstick().window("w2", 2);
        assertThat(w.name()).isEqualTo("w2");
        assertThat(w.afterDraft(START, List.of("S", "S", "S"), 0, 0)).isEqualTo(Speculation.DRAFT_AHEAD);
        assertThat(w.afterDraft(START, List.of("S", "S", "S"), 1, 0)).isEqualTo(Speculation.SPECULATE);
        ScheduledGateDepth one = yardstick().window("w1", 1);
        assertThat(one.afterDraft(START, List.of("S"), 0, 0)).isEqualTo(Speculation.SPECULATE);
        assertThat(one.afterDraft(START, List.of("S", "S"), 0, 0)).isEqualTo(Speculation.DRAFT_AHEAD);
        assertThatThrownBy(() -> yardstick().window("w0", 0)).hasMessage("need window >= 1, got 0");
    }

    /**
     * The episode form takes the chance over all of the episode's drafts, verified or not, and stops below the
     * verify gate (or past the window) instead of holding.
     */
    @Test
    void theEpisodeFormStopsBelowTheVerifyGateOverAllItsDrafts() {
        ScheduledGateDepth e = yardstick().window("w2", 2).episodic("e");
        assertThat(e.name()).isEqualTo("e");
        assertThat(e.afterDraft(START, List.of("V"), 0, 0)).isEqualTo(Speculation.SPECULATE);
        assertThat(e.afterDraft(START, List.of("V", "V"), 1, 0)).isEqualTo(Speculation.STOP);
        assertThat(e.afterDraft(START, List.of("L"), 0, 1)).isEqualTo(Speculation.STOP);
        assertThat(e.afterDraft(START, List.of("S", "S"), 0, 0)).isEqualTo(Speculation.SPECULATE);
        assertThat(e.afterDraft(START, List.of("S", "S", "S"), 2, 0)).as("past the window").isEqualTo(Speculation.STOP);
    }

    @Test
    void theGatesMustBeOrderedAndOnlyAYardsticksVerifyGateMayBeOne() {
        DraftProbability half = (task, prefix, draft) -> 0.5;
        SimulatedClock clock = new SimulatedClock(1);
        PredictorSettings settings = PredictorSettings.of(0.5, 1);
        // the bounds the Javadoc includes are accepted
        assertThat(ScheduledGateDepth.yardstick("a", 1, 1, 1, 2, half).depth(START)).isEqualTo(2);
        try (ScheduledGateDepth equal = ScheduledGateDepth.create("b", 0.3, 0.3, 0.3, 2, settings, clock)) {
            assertThat(equal.depth(START)).isEqualTo(2);
        }
        assertThatThrownBy(() -> ScheduledGateDepth.create("c", 1, 0.1, 8, settings, clock))
                .hasMessage("need 0 < draftGate <= lateGate <= verifyGate < 1 and maxDepth >= 2, got 0.1, 1.0, 1.0, 8");
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("d", 1.5, 1, 1, 8, half))
                .hasMessageStartingWith("need 0 < draftGate <= lateGate <= verifyGate <= 1 and maxDepth >= 2");
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("e", 0.5, 0.5, 0, 8, half)).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("f", 0.5, 0.2, 0.3, 8, half)).hasMessageContaining("got 0.3, 0.2");
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("g", 0.5, 0.6, 0.3, 8, half)).hasMessageContaining("0.6, 0.5");
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("h", 0.5, 0.5, 0.3, 1, half)).hasMessageContaining(", 1");
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.ACCEPTANCE));
        assertThatThrownBy(() -> ScheduledGateDepth.measured("m", 0.1, 0.3, 8, settings, clock, DraftClassifier.ACCEPTANCE,
                log)).hasMessageContaining("got 0.3, 0.3, 0.1");
    }

    /** Before any model the learned scheduler speculates past its first offset drafts (1 + offset out), then holds. */
    @Test
    void theLearnedSchedulerSpeculatesPastItsColdDraftsThenHolds() {
        SimulatedClock clock = new SimulatedClock(1);
        PredictorSettings settings = PredictorSettings.of(0.5, 1);
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.ACCEPTANCE));
        try (ScheduledGateDepth learned = ScheduledGateDepth.create("s", 0.3, 0.1, 6, settings, clock);
             ScheduledGateDepth measured = ScheduledGateDepth.measured("m", 0.3, 0.1, 6, settings, clock,
                     DraftClassifier.ACCEPTANCE, log)) {
            for (ScheduledGateDepth s : List.of(learned, measured)) {
                assertThat(s.depth(START)).isEqualTo(6);
                assertThat(s.afterDraft(START, List.of("A"), 0, 0)).as(s.name()).isEqualTo(Speculation.SPECULATE);
                assertThat(s.afterDraft(START, List.of("A", "B"), 0, 0)).as(s.name()).isEqualTo(Speculation.HOLD);
            }
            assertThat(learned.name()).isEqualTo("s");
        }
    }

    /**
     * The learned scheduler labels each verified draft with the recent acceptances of its episode's query: after
     * rejected drafts in states with no history and accepted ones after a run of 4, it verifies at once after such a
     * run and holds without one.
     */
    @Test
    void theLearnedSchedulerLearnsEachDraftsOutcomeWithItsEpisodesRecentAcceptances() {
        SimulatedClock clock = new SimulatedClock(1);
        EpisodeRecord rejected = new EpisodeRecord(TASK, List.of(), 2, 0, 1, List.of("Z"), List.of("A", "B"),
                EpisodeRecord.End.MISMATCH);
        EpisodeRecord accepted = new EpisodeRecord(TASK, List.of(), 2, 2, 2, List.of("A", "B"), List.of("A", "B"),
                EpisodeRecord.End.ALL_ACCEPTED, List.of(4, 4));
        try (ScheduledGateDepth s = ScheduledGateDepth.create("s", 0.5, 0.5, 6, PredictorSettings.of(0.5, 1), clock)) {
            for (int i = 0; i < 30; i++) {
                s.depth(START);
                s.episodeFinished(rejected);
                clock.drain();
                s.depth(new DepthQuery(TASK, List.of(), List.of(4, 4), 20));
                s.episodeFinished(accepted);
                clock.drain();
            }
            assertThat(s.afterDraft(new DepthQuery(TASK, List.of(), List.of(4, 4), 20), List.of("A"), 0, 0))
                    .isEqualTo(Speculation.SPECULATE);
            assertThat(s.afterDraft(START, List.of("A"), 0, 0)).isEqualTo(Speculation.HOLD);
        }
    }

    /** Closing the learned scheduler stops its trainer: the round under way never publishes, it stays cold. */
    @Test
    void closingTheLearnedSchedulerStopsItsTrainer() {
        EpisodeRecord rejected = new EpisodeRecord(TASK, List.of(), 2, 0, 1, List.of("Z"), List.of("A", "B"),
                EpisodeRecord.End.MISMATCH);
        for (boolean close : new boolean[] {false, true}) {
            SimulatedClock clock = new SimulatedClock(1);
            ScheduledGateDepth s = ScheduledGateDepth.create("s", 0.99, 0.9, 6, PredictorSettings.of(0.5, 1), clock);
            s.depth(START);
            s.episodeFinished(rejected);
            if (close) {
                s.close();
            }
            clock.drain();
            // cold: past the first draft it speculates; with a model of one rejection, far below the gates, it holds
            assertThat(s.afterDraft(START, List.of("A"), 0, 0)).as("closed: " + close)
                    .isEqualTo(close ? Speculation.SPECULATE : Speculation.HOLD);
            s.close();
        }
    }
}
