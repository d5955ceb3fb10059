package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.PlanningTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The stacked estimate: a product of experts at the start, cold components left out, learning, and its lifecycle. */
class StackedDraftAcceptanceTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");
    private static final DepthQuery START = new DepthQuery(TASK, List.of(), List.of(), 20);
    private static final List<String> DRAFTS = List.of("A", "B");

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Untrained, the stack is σ(Σ logit p_i); a cold component adds nothing; all cold, the stack is cold. */
    @Test
    void itStartsAsTheSumOfTheComponentsLogitsWithoutTheColdOnes() {
        StackedDraftAcceptance two = new StackedDraftAcceptance(List.of(FakeDraftAcceptance.fixed(0.8),
                FakeDraftAcceptance.fixed(0.3)), 0.01);
        assertThat(two.acceptance(START, DRAFTS, 1).getAsDouble())
                .isCloseTo(sigmoid(logit(0.8) + logit(0.3)), within(1e-12));
        StackedDraftAcceptance oneCold = new StackedDraftAcceptance(List.of(FakeDraftAcceptance.cold(),
                FakeDraftAcceptance.fixed(0.3)), 0.01);
        assertThat(oneCold.acceptance(START, DRAFTS, 1).getAsDouble()).isCloseTo(0.3, within(1e-12));
        StackedDraftAcceptance allCold = new StackedDraftAcceptance(List.of(FakeDraftAcceptance.cold(),
                FakeDraftAcceptance.cold()), 0.01);
        assertThat(allCold.acceptance(START, DRAFTS, 1)).isEmpty();
    }

    /**
     * The weights learn from every verified draft's outcome: a component confident in drafts that the target keeps
     * rejecting is trusted less and less, while accepted drafts move the stack the other way.
     */
    @Test
    void itLearnsHowFarToTrustAComponentFromTheOutcomes() {
        EpisodeRecord rejected = new EpisodeRecord(TASK, List.of(), 2, 0, 1, List.of("Z"), DRAFTS,
                EpisodeRecord.End.MISMATCH);
        FakeDraftAcceptance component = FakeDraftAcceptance.fixed(0.9);
        StackedDraftAcceptance learner = new StackedDraftAcceptance(List.of(component), 0.5);
        assertThat(learner.acceptance(START, DRAFTS, 1).getAsDouble()).isCloseTo(0.9, within(1e-12));
        for (int i = 0; i < 40; i++) {
            learner.learn(rejected);
        }
        assertThat(learner.acceptance(START, DRAFTS, 1).getAsDouble()).isLessThan(0.2);
        assertThat(component.learned).isEqualTo(40);

        FakeDraftAcceptance doubtful = FakeDraftAcceptance.fixed(0.2);
        StackedDraftAcceptance rising = new StackedDraftAcceptance(List.of(doubtful), 0.5);
        EpisodeRecord accepted = new EpisodeRecord(TASK, List.of(), 2, 2, 2, DRAFTS, DRAFTS,
                EpisodeRecord.End.ALL_ACCEPTED);
        for (int i = 0; i < 40; i++) {
            rising.learn(accepted);
        }
        assertThat(rising.acceptance(START, DRAFTS, 1).getAsDouble()).isGreaterThan(0.8);
    }

    /** Scores are taken before the components learn: a component that turns cold on learning still teaches the stack. */
    @Test
    void itScoresAnEpisodesDraftsBeforeTheComponentsLearnIt() {
        EpisodeRecord rejected = new EpisodeRecord(TASK, List.of(), 2, 0, 1, List.of("Z"), DRAFTS,
                EpisodeRecord.End.MISMATCH);
        FakeDraftAcceptance turnsCold = new FakeDraftAcceptance(OptionalDouble.of(0.9), OptionalDouble.empty());
        FakeDraftAcceptance steady = FakeDraftAcceptance.fixed(0.9);
        StackedDraftAcceptance stack = new StackedDraftAcceptance(List.of(steady, turnsCold), 0.5);
        double before = stack.acceptance(START, DRAFTS, 1).getAsDouble();
        stack.learn(rejected);
        // now only `steady` answers; had the episode been scored after learning, only the bias and its weight moved
        StackedDraftAcceptance control = new StackedDraftAcceptance(List.of(FakeDraftAcceptance.fixed(0.9),
                FakeDraftAcceptance.cold()), 0.5);
        control.learn(rejected);
        assertThat(stack.acceptance(START, DRAFTS, 1).getAsDouble()).isLessThan(before)
                .isNotEqualTo(control.acceptance(START, DRAFTS, 1).getAsDouble());
    }

    /** Every component learns every finished episode (a target-only one too) and is closed. */
    @Test
    void everyComponentLearnsEveryEpisodeAndIsClosed() {
        FakeDraftAcceptance a = FakeDraftAcceptance.cold();
        FakeDraftAcceptance b = FakeDraftAcceptance.fixed(0.5);
        StackedDraftAcceptance stack = new StackedDraftAcceptance(List.of(a, b), 0.01);
        stack.learn(new EpisodeRecord(TASK, List.of(), 0, 0, 0, List.of("Z"), List.of(), EpisodeRecord.End.MISMATCH));
        stack.close();
        for (FakeDraftAcceptance c : List.of(a, b)) {
            assertThat(c.learned).isEqualTo(1);
            assertThat(c.closed).isEqualTo(1);
        }
        assertThatThrownBy(() -> new StackedDraftAcceptance(List.of(), 0.01)).hasMessageContaining("at least one component");
        assertThatThrownBy(() -> new StackedDraftAcceptance(List.of(a), 0)).hasMessageContaining("positive learning rate");
    }
}
