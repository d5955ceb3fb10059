package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.predictor.DepthLearner;
import dev.specagent.core.planning.predictor.DepthPredictor;
import dev.specagent.core.planning.predictor.ExpectileLoss;
import dev.specagent.core.planning.predictor.OnlineTrainer;
import dev.specagent.core.planning.predictor.StateFeatures;
import dev.specagent.core.planning.predictor.TrainingSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The depth policies' rules: the acceptance-rate depth and the dynamic policy's training targets, cold starts,
 * what the learned policies learn from, their names and settings, and the yardsticks' hindsight probabilities.
 */
class DepthPoliciesTest {

    @Test
    void theDepthForARateNearOneIsTheCapNotOne() {
        for (double p : new double[]{0.999, 1 - 1e-10, 1 - 1e-15, Math.nextDown(1.0)}) {
            assertThat(AcceptanceDepth.depthFor(p, 0.3, 8)).as("p = " + p).isEqualTo(8);
        }
        assertThat(AcceptanceDepth.depthFor(0.5, 0.3, 8)).isEqualTo(2); // 0.5^1 >= 0.3 > 0.5^2
        assertThat(AcceptanceDepth.depthFor(0, 0.3, 8)).isEqualTo(1);
        assertThat(AcceptanceDepth.depthFor(1, 0.3, 8)).isEqualTo(8);
    }

    /**
     * A plan of X, Y, TERMINATE that the approximation drafts right. An episode that drafted all three ended
     * on an accepted TERMINATE: its targets are "accepted ahead + 1" exactly. One that drafted only X and Y
     * (lean mode, or the target's TERMINATE came first) does not know the third draft's fate: its targets
     * bootstrap from V of the state before TERMINATE instead of counting a rejection there.
     */
    @Test
    void anEpisodeEndingOnATargetStepWithoutItsDraftIsBootstrappedNotTerminal() {
        PlanningTask task = new PlanningTask("t", "task");
        PredictorSettings settings = PredictorSettings.of(0.5, 0);
        StateFeatures features = new StateFeatures(settings.featureBits());
        DepthPredictor predictor = new DepthPredictor(features);
        List<TrainingSample> deep = new ArrayList<>();
        for (List<String> prefix : List.of(List.<String>of(), List.of("X"), List.of("X", "Y"))) {
            deep.add(new TrainingSample(features.features(task, prefix, List.of()), 6.0));
        }
        DepthLearner learner = new DepthLearner(new ExpectileLoss(0.5), features.dimension(), 200, 3, 3, 0.5, 1);
        predictor.publish(learner.train(deep));
        double beforeTerminate = predictor.valueOr(features.features(task, List.of("X", "Y"), List.of()), 0);
        assertThat(beforeTerminate).isGreaterThan(3);

        List<String> plan = List.of("X", "Y", "TERMINATE");
        assertThat(targets(settings, predictor, new EpisodeRecord(task, List.of(), 3, 3, 3, plan, plan,
                EpisodeRecord.End.PLAN_DONE))).containsExactly(4.0, 3.0, 2.0);
        List<Double> cut = targets(settings, predictor, new EpisodeRecord(task, List.of(), 3, 2, 2, plan,
                List.of("X", "Y"), EpisodeRecord.End.PLAN_DONE));
        assertThat(cut).hasSize(2);
        assertThat(cut.get(1)).isCloseTo(1 + beforeTerminate, within(1e-9));
        assertThat(cut.get(0)).isCloseTo(2 + beforeTerminate, within(1e-9));
    }

    /**
     * An episode that ended on a rejected draft is terminal: with λ = γ = 1 each visited state's target is the
     * number of drafts accepted from it plus one (the oracle's k), the rejected state included.
     */
    @Test
    void aRejectionEndsTheReturnsAtTheOraclesDepth() {
        PlanningTask task = new PlanningTask("t", "task");
        PredictorSettings settings = PredictorSettings.of(0.5, 0);
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(settings.featureBits()));
        EpisodeRecord rejected = new EpisodeRecord(task, List.of("A"), 4, 2, 3, List.of("X", "Y", "Z"),
                List.of("X", "Y", "W", "V"), EpisodeRecord.End.MISMATCH);
        assertThat(targets(settings, predictor, rejected)).containsExactly(3.0, 2.0, 1.0);
        EpisodeRecord firstRejected = new EpisodeRecord(task, List.of(), 2, 0, 1, List.of("Z"), List.of("W"),
                EpisodeRecord.End.MISMATCH);
        assertThat(targets(settings, predictor, firstRejected)).containsExactly(1.0);
    }

    /** k = max(1, round(V) + offset), with V = 1 before any model (cold start). */
    @Test
    void theDynamicDepthIsTheRoundedValuePlusTheOffsetAndAtLeastOne() {
        PlanningTask task = new PlanningTask("t", "task");
        DepthQuery start = new DepthQuery(task, List.of(), List.of(), 20);
        assertThat(dynamic(PredictorSettings.of(0.5, 0), null).depth(start)).isEqualTo(1);
        assertThat(dynamic(PredictorSettings.of(0.5, 2), null).depth(start)).isEqualTo(3);
        assertThat(dynamic(PredictorSettings.of(0.5, -3), null).depth(start)).isEqualTo(1);
        // a model trained to V = 2.7 on this state: round(2.7) = 3, not its floor 2
        assertThat(dynamic(PredictorSettings.of(0.5, 0), 2.7).depth(start)).isEqualTo(3);
        assertThat(dynamic(PredictorSettings.of(0.5, 1), 2.7).depth(start)).isEqualTo(4);
        assertThat(dynamic(PredictorSettings.of(0.5, -2), 2.7).depth(start)).isEqualTo(1);
    }

    /**
     * A predicted acceptance length beyond an int (a diverged model) gives the deepest depth when positive and depth
     * 1 when negative, as k = max(1, round(V) + offset) says: the rounded value was cast to int, so V = 3e10 gave
     * depth 1 (or any wrapped value), and V = -3e10 a large depth.
     */
    @Test
    void aPredictionBeyondAnIntGivesTheDeepestDepthOrOneNotAWrappedOne() {
        PlanningTask task = new PlanningTask("t", "task");
        DepthQuery start = new DepthQuery(task, List.of(), List.of(), 20);
        for (double target : new double[]{1e12, -1e12}) {
            for (int offset : new int[]{0, 20, -10}) {
                PredictorSettings settings = PredictorSettings.of(0.5, offset);
                StateFeatures features = new StateFeatures(settings.featureBits());
                DepthPredictor predictor = new DepthPredictor(features);
                // one AdaGrad step of 1e10 on the bias and on each feature of the state
                DepthLearner learner = new DepthLearner(new ExpectileLoss(0.5), features.dimension(), 1, 1, 1, 1e10, 1);
                predictor.publish(learner.train(List.of(new TrainingSample(features.features(task, List.of(), List.of()),
                        target))));
                double v = predictor.valueOr(features.features(task, List.of(), List.of()), 0);
                assertThat(Math.abs(v)).as("V = " + v).isGreaterThan(4.0 * Integer.MAX_VALUE);
                DynamicDepth policy = new DynamicDepth("dyn", settings, predictor, dynamic(settings, null).trainer());
                assertThat(policy.depth(start)).as("V = %s, offset %d", v, offset)
                        .isEqualTo(target > 0 ? Integer.MAX_VALUE : 1);
            }
        }
    }

    /** A dynamic policy whose predictor's model is trained to {@code value} on the empty prefix (none if null). */
    private static DynamicDepth dynamic(PredictorSettings settings, Double value) {
        PlanningTask task = new PlanningTask("t", "task");
        StateFeatures features = new StateFeatures(settings.featureBits());
        DepthPredictor predictor = new DepthPredictor(features);
        if (value != null) {
            DepthLearner learner = new DepthLearner(new ExpectileLoss(0.5), features.dimension(), 300, 1, 1, 0.5, 1);
            predictor.publish(learner.train(List.of(new TrainingSample(features.features(task, List.of(), List.of()), value))));
            assertThat(predictor.valueOr(features.features(task, List.of(), List.of()), 0)).isCloseTo(value, within(0.05));
        }
        return new DynamicDepth("dyn", settings, predictor, new OnlineTrainer() {
            @Override
            public void submit(List<TrainingSample> batch) {
            }

            @Override
            public long roundsPublished() {
                return 0;
            }

            @Override
            public void close() {
            }
        });
    }

    /** The hindsight oracle's depth: the drafts it knows will be accepted, plus the one the target corrects. */
    @Test
    void theOracleDepthIsTheAcceptedRunPlusOne() {
        PlanningTask task = new PlanningTask("t", "task");
        OracleDepth oracle = new OracleDepth((t, verified) -> verified.size() == 1 ? 3 : 0);
        assertThat(oracle.depth(new DepthQuery(task, List.of("A"), List.of(), 20))).isEqualTo(4);
        assertThat(oracle.depth(new DepthQuery(task, List.of(), List.of(), 20))).isEqualTo(1);
    }

    private static List<Double> targets(PredictorSettings settings, DepthPredictor predictor, EpisodeRecord episode) {
        List<TrainingSample> samples = new ArrayList<>();
        OnlineTrainer capture = new OnlineTrainer() {
            @Override
            public void submit(List<TrainingSample> batch) {
                samples.addAll(batch);
            }

            @Override
            public long roundsPublished() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        new DynamicDepth("dyn", settings, predictor, capture).episodeFinished(episode);
        return samples.stream().map(TrainingSample::target).toList();
    }

    private static final PlanningTask TASK = new PlanningTask("t", "Given photo image, how to caption it?");

    /** An episode of {@code depth} drafts from the empty prefix whose first {@code accepted} drafts were accepted. */
    private static EpisodeRecord episode(int depth, int accepted) {
        List<String> drafts = List.of("A", "B", "C", "D").subList(0, depth);
        boolean rejected = accepted < depth;
        List<String> committed = new ArrayList<>(drafts.subList(0, accepted));
        if (rejected) {
            committed.add("Z");
        }
        return new EpisodeRecord(TASK, List.of(), depth, accepted, rejected ? accepted + 1 : accepted, committed,
                drafts, rejected ? EpisodeRecord.End.MISMATCH : EpisodeRecord.End.ALL_ACCEPTED);
    }

    /** Finishes {@code count} episodes on {@code policy}, each after a query with {@code recent}, letting training run. */
    private static void learn(DepthPolicy policy, SimulatedClock clock, List<Integer> recent, EpisodeRecord episode,
                              int count) {
        for (int i = 0; i < count; i++) {
            policy.depth(new DepthQuery(TASK, List.of(), recent, 20));
            policy.episodeFinished(new EpisodeRecord(episode.task(), episode.start(), episode.depth(),
                    episode.accepted(), episode.verified(), episode.committed(), episode.drafts(), episode.end(),
                    recent)); // as the planner reports it: with its query's recent acceptances
            clock.drain();
        }
    }

    /** The acceptance policy's cold start is k = 1 + max(0, offset), within its cap; its settings are checked. */
    @Test
    void theAcceptancePolicysColdStartIsOnePlusTheOffsetWithinTheCap() {
        SimulatedClock clock = new SimulatedClock(1);
        DepthQuery start = new DepthQuery(TASK, List.of(), List.of(), 20);
        try (AcceptanceDepth one = AcceptanceDepth.create("a", 0.3, 8, PredictorSettings.of(0.5, 1), clock);
             AcceptanceDepth capped = AcceptanceDepth.create("b", 0.3, 2, PredictorSettings.of(0.5, 5), clock);
             AcceptanceDepth negative = AcceptanceDepth.create("c", 0.3, 8, PredictorSettings.of(0.5, -2), clock);
             AcceptanceDepth shallowest = AcceptanceDepth.create("d", 0.5, 1, PredictorSettings.of(0.5, 3), clock)) {
            assertThat(one.depth(start)).isEqualTo(2);
            assertThat(capped.depth(start)).isEqualTo(2);
            assertThat(negative.depth(start)).isEqualTo(1);
            assertThat(shallowest.depth(start)).isEqualTo(1);
            assertThat(one.name()).isEqualTo("a");
        }
        for (double theta : new double[] {0, 1}) {
            assertThatThrownBy(() -> AcceptanceDepth.create("x", theta, 8, PredictorSettings.of(0.5, 0), clock))
                    .hasMessageContaining("need 0 < theta < 1");
        }
        assertThatThrownBy(() -> AcceptanceDepth.create("x", 0.3, 0, PredictorSettings.of(0.5, 0), clock))
                .hasMessageContaining("maxDepth >= 1");
    }

    /**
     * The acceptance policy labels each verified draft (accepted 1, rejected 0) and goes as deep as p^m >= θ allows:
     * after episodes whose drafts were all accepted, to its cap; after episodes whose first draft was rejected, to 1.
     */
    @Test
    void theAcceptancePolicyLearnsFromEachVerifiedDraftsOutcome() {
        SimulatedClock clock = new SimulatedClock(1);
        DepthQuery start = new DepthQuery(TASK, List.of(), List.of(), 20);
        try (AcceptanceDepth accepting = AcceptanceDepth.create("a", 0.3, 6, PredictorSettings.of(0.5, 1), clock);
             AcceptanceDepth rejecting = AcceptanceDepth.create("r", 0.3, 6, PredictorSettings.of(0.5, 1), clock)) {
            learn(accepting, clock, List.of(), episode(3, 3), 30);
            learn(rejecting, clock, List.of(), episode(3, 0), 30);
            assertThat(accepting.trainer().roundsPublished()).isEqualTo(30);
            assertThat(accepting.depth(start)).isEqualTo(6);
            assertThat(rejecting.depth(start)).isEqualTo(1);
        }
    }

    /** A target-only episode (depth 0) verified no draft: nothing to learn, no training round. */
    @Test
    void aTargetOnlyEpisodeTrainsNoLearnedPolicy() {
        SimulatedClock clock = new SimulatedClock(1);
        EpisodeRecord targetOnly = new EpisodeRecord(TASK, List.of(), 0, 0, 0, List.of("Z"), List.of(),
                EpisodeRecord.End.MISMATCH);
        try (AcceptanceDepth acceptance = AcceptanceDepth.create("a", 0.3, 6, PredictorSettings.of(0.5, 1), clock);
             GatedDepth gated = GatedDepth.create("g", 0.3, 6, PredictorSettings.of(0.5, 1), clock);
             DynamicDepth dynamic = DynamicDepth.create("d", PredictorSettings.of(0.5, 0), clock)) {
            for (DepthPolicy policy : List.<DepthPolicy>of(acceptance, gated, dynamic)) {
                policy.episodeFinished(targetOnly);
            }
            clock.drain();
            assertThat(acceptance.trainer().roundsPublished()).isZero();
            assertThat(gated.trainer().roundsPublished()).isZero();
            assertThat(dynamic.trainer().roundsPublished()).isZero();
        }
    }

    /** Closing a learned policy closes its trainer: a round under way publishes nothing. */
    @Test
    void closingALearnedPolicyStopsItsTrainer() {
        SimulatedClock clock = new SimulatedClock(1);
        AcceptanceDepth acceptance = AcceptanceDepth.create("a", 0.3, 6, PredictorSettings.of(0.5, 1), clock);
        GatedDepth gated = GatedDepth.create("g", 0.3, 6, PredictorSettings.of(0.5, 1), clock);
        DynamicDepth dynamic = DynamicDepth.create("d", PredictorSettings.of(0.5, 0), clock);
        for (DepthPolicy policy : List.<DepthPolicy>of(acceptance, gated, dynamic)) {
            policy.depth(new DepthQuery(TASK, List.of(), List.of(), 20));
            policy.episodeFinished(episode(3, 1));
        }
        acceptance.close();
        gated.close();
        dynamic.close();
        clock.drain();
        assertThat(acceptance.trainer().roundsPublished()).isZero();
        assertThat(gated.trainer().roundsPublished()).isZero();
        assertThat(dynamic.trainer().roundsPublished()).isZero();
        assertThat(dynamic.predictor().current()).isNull();
    }

    /**
     * The gated policy's depth is its cap; before any model it stops after 1 + max(0, offset) drafts; its gate and
     * cap are checked.
     */
    @Test
    void theGatedPolicyDraftsToItsCapAndStopsAfterItsColdDrafts() {
        SimulatedClock clock = new SimulatedClock(1);
        DepthQuery start = new DepthQuery(TASK, List.of(), List.of(), 20);
        try (GatedDepth gated = GatedDepth.create("g", 0.3, 2, PredictorSettings.of(0.5, 1), clock);
             GatedDepth noOffset = GatedDepth.create("h", 0.3, 6, PredictorSettings.of(0.5, -1), clock)) {
            assertThat(gated.depth(start)).isEqualTo(2);
            assertThat(gated.continueAfter(start, List.of("A"))).isTrue();
            assertThat(gated.continueAfter(start, List.of("A", "B"))).isFalse();
            assertThat(noOffset.continueAfter(start, List.of("A"))).isFalse();
            assertThat(gated.name()).isEqualTo("g");
        }
        for (double gate : new double[] {0, 1}) {
            assertThatThrownBy(() -> GatedDepth.create("x", gate, 8, PredictorSettings.of(0.5, 0), clock))
                    .hasMessageContaining("need 0 < gate < 1");
        }
        assertThatThrownBy(() -> GatedDepth.create("x", 0.3, 1, PredictorSettings.of(0.5, 0), clock))
                .hasMessageContaining("maxDepth >= 2");
    }

    /**
     * The gated policy learns each verified draft's outcome in the state its episode started from, the task's recent
     * acceptances of that episode's query included: after rejected drafts in states with no history and accepted
     * ones after a run of 4, it speculates past a draft after such a run and stops without one.
     */
    @Test
    void theGatedPolicyLearnsEachDraftsOutcomeWithItsEpisodesRecentAcceptances() {
        SimulatedClock clock = new SimulatedClock(1);
        try (GatedDepth gated = GatedDepth.create("g", 0.5, 6, PredictorSettings.of(0.5, 1), clock)) {
            for (int i = 0; i < 30; i++) {
                learn(gated, clock, List.of(), episode(2, 0), 1);
                learn(gated, clock, List.of(4, 4), episode(2, 2), 1);
            }
            assertThat(gated.continueAfter(new DepthQuery(TASK, List.of(), List.of(4, 4), 20), List.of("A"))).isTrue();
            assertThat(gated.continueAfter(new DepthQuery(TASK, List.of(), List.of(), 20), List.of("A"))).isFalse();
        }
    }

    /** A dynamic policy on a simulated clock trains in simulated rounds and keeps its name. */
    @Test
    void aDynamicPolicyTrainsOnItsClockAndKeepsItsName() {
        SimulatedClock clock = new SimulatedClock(1);
        try (DynamicDepth dynamic = DynamicDepth.create("dyn-x", PredictorSettings.of(0.5, 0), clock)) {
            learn(dynamic, clock, List.of(), episode(3, 3), 3);
            assertThat(dynamic.trainer().roundsPublished()).isEqualTo(3);
            assertThat(dynamic.predictor().current()).isNotNull();
            assertThat(dynamic.name()).isEqualTo("dyn-x");
        }
    }

    /** withReturns sets γ and λ and nothing else, withSeed the seed; a γ or λ out of range is refused by withReturns. */
    @Test
    void withReturnsAndWithSeedChangeOnlyWhatTheyName() {
        PredictorSettings base = PredictorSettings.of(0.9, 2);
        PredictorSettings td = base.withReturns(0.8, 0.25);
        assertThat(td.gamma()).isEqualTo(0.8);
        assertThat(td.lambda()).isEqualTo(0.25);
        assertThat(td.withReturns(base.gamma(), base.lambda())).isEqualTo(base);
        PredictorSettings reseeded = base.withSeed(99);
        assertThat(reseeded.seed()).isEqualTo(99);
        assertThat(reseeded.withSeed(base.seed())).isEqualTo(base);
        assertThatThrownBy(() -> base.withReturns(1, 2))
                .hasMessage("PredictorSettings.lambda must be in [0, 1], was 2.0");
    }

    @Test
    void fixedAndOracleNames() {
        assertThat(new FixedDepth(4).name()).isEqualTo("fix-4");
        assertThat(FixedDepth.targetOnly().name()).isEqualTo("target-only");
        assertThat(FixedDepth.targetOnly().depth(new DepthQuery(TASK, List.of(), List.of(), 20))).isZero();
        assertThat(new OracleDepth((t, v) -> 0).name()).isEqualTo("oracle");
        assertThatThrownBy(() -> new FixedDepth(-1)).hasMessage("depth must be at least 0, got -1");
    }

    /** The state text a query describes: the task, then the verified steps numbered from 1. */
    @Test
    void aQuerysStateTextIsTheTaskThenItsNumberedHistory() {
        DepthQuery query = new DepthQuery(TASK, List.of("Image Denoising", "Image Captioning"), List.of(), 20);
        assertThat(query.stateText()).isEqualTo("Given photo image, how to caption it?\nPrevious history:\n"
                + "Step 1: Image Denoising\nStep 2: Image Captioning\n");
        assertThat(query.stepIndex()).isEqualTo(2);
    }

    /** A world that cannot tell answers NaN for rates and draw probabilities and nothing for recorded outcomes. */
    @Test
    void aHindsightOracleThatCannotTellSaysSo() {
        HindsightOracle blind = (t, v) -> 1;
        assertThat(blind.agreementRate(TASK)).isNaN();
        assertThat(blind.drawProbability(TASK, List.of(), "A")).isNaN();
        assertThat(blind.recordedOutcome(TASK, List.of(), "A")).isEmpty();
        assertThatThrownBy(() -> new RateOracleDepth("r", blind, 0.3, 8).depth(new DepthQuery(TASK, List.of(), List.of(), 20)))
                .hasMessageContaining("does not know agreement rates");
        assertThatThrownBy(() -> HindsightDraftProbabilities.drawn(blind).of(TASK, List.of(), "A"))
                .hasMessageContaining("no draw probability");
    }

    /** The rate oracle applies the acceptance rule to the task's true rate; its θ and cap are checked. */
    @Test
    void theRateOracleAppliesTheAcceptanceRuleToTheTrueRate() {
        HindsightOracle half = new HindsightOracle() {
            @Override
            public int acceptedAhead(PlanningTask task, List<String> verified) {
                return 0;
            }

            @Override
            public double agreementRate(PlanningTask task) {
                return 0.5;
            }

            @Override
            public double drawProbability(PlanningTask task, List<String> prefix, String draft) {
                return 0.25;
            }
        };
        DepthQuery start = new DepthQuery(TASK, List.of(), List.of(), 20);
        RateOracleDepth rate = new RateOracleDepth("rate-x", half, 0.3, 8);
        assertThat(rate.depth(start)).isEqualTo(AcceptanceDepth.depthFor(0.5, 0.3, 8)).isEqualTo(2);
        assertThat(new RateOracleDepth("r", half, 0.3, 1).depth(start)).isEqualTo(1);
        assertThat(rate.name()).isEqualTo("rate-x");
        assertThat(HindsightDraftProbabilities.drawn(half).of(TASK, List.of(), "A")).isEqualTo(0.25);
        for (double theta : new double[] {0, 1}) {
            assertThatThrownBy(() -> new RateOracleDepth("r", half, theta, 8)).hasMessageContaining("0 < theta < 1");
        }
        assertThatThrownBy(() -> new RateOracleDepth("r", half, 0.3, 0)).hasMessageContaining("maxDepth >= 1");
    }

    /**
     * The classifier yardstick's probability is the posterior given its label, with the task's rate r as prior: a
     * classifier that never misses labels every right draft right, r / (r + (1 - r) FPR); one whose false alarm rate
     * is 1 labels every wrong draft right, r (1 - FNR) / (r (1 - FNR) + 1 - r); and right drafts are labelled right
     * with probability 1 - FNR.
     */
    @Test
    void theClassifierYardstickIsThePosteriorGivenItsLabel() {
        double r = 0.6;
        HindsightOracle world = new HindsightOracle() {
            @Override
            public int acceptedAhead(PlanningTask task, List<String> prefix) {
                return prefix.contains("wrong") ? 0 : 1;
            }

            @Override
            public double agreementRate(PlanningTask task) {
                return r;
            }
        };
        List<String> right = List.of("a");
        List<String> wrong = List.of("wrong");
        for (int i = 0; i < 20; i++) {
            assertThat(HindsightDraftProbabilities.classifier(world, 0, 0.2, 7).of(TASK, right, "d" + i))
                    .isCloseTo(r / (r + (1 - r) * 0.2), within(1e-12));
            assertThat(HindsightDraftProbabilities.classifier(world, 0.3, 1, 7).of(TASK, wrong, "d" + i))
                    .isCloseTo(r * 0.7 / (r * 0.7 + (1 - r)), within(1e-12));
        }
        DraftProbability noisy = HindsightDraftProbabilities.classifier(world, 0.3, 0.2, 7);
        double afterRight = r * 0.7 / (r * 0.7 + (1 - r) * 0.2);
        double afterWrong = r * 0.3 / (r * 0.3 + (1 - r) * 0.8);
        int n = 4000;
        for (List<String> prefix : List.of(right, wrong)) {
            int saidRight = 0;
            for (int i = 0; i < n; i++) {
                double p = noisy.of(TASK, prefix, "draft " + i);
                assertThat(p).as("draft %d after %s", i, prefix).isIn(afterRight, afterWrong);
                saidRight += p == afterRight ? 1 : 0;
            }
            assertThat(saidRight / (double) n).as("share labelled right after %s", prefix)
                    .isCloseTo(prefix == right ? 0.7 : 0.2, within(0.03));
        }
        assertThatThrownBy(() -> HindsightDraftProbabilities.classifier(world, 1, 0.2, 7)).hasMessageContaining("0 <= missRate < 1");
        assertThatThrownBy(() -> HindsightDraftProbabilities.classifier(world, 0.1, 0, 7))
                .hasMessageContaining("0 < falseAlarmRate <= 1");
    }

    @Test
    void aDraftClassifiersNameOnTheCommandLineIsItsLabel() {
        assertThat(DraftClassifier.TARGET_POLICY.label()).isEqualTo("target-policy");
        assertThat(DraftClassifier.STACKED).hasToString("stacked");
        assertThat(DraftClassifier.ACCEPTANCE).hasToString("acceptance");
    }

    /**
     * The query a finished episode started from is rebuilt from its record, the task's recent acceptances included
     * (the record carries them); a record made without them is a task's first episode.
     */
    @Test
    void anEpisodesStartQueryComesFromItsRecord() {
        EpisodeRecord episode = new EpisodeRecord(TASK, List.of("A"), 2, 1, 2, List.of("B", "Z"), List.of("B", "C"),
                EpisodeRecord.End.MISMATCH, List.of(3, 1));
        assertThat(episode.startQuery()).isEqualTo(new DepthQuery(TASK, List.of("A"), List.of(3, 1), Integer.MAX_VALUE));
        EpisodeRecord first = new EpisodeRecord(TASK, List.of("A"), 2, 1, 2, List.of("B", "Z"), List.of("B", "C"),
                EpisodeRecord.End.MISMATCH);
        assertThat(first.startQuery().recentAcceptances()).isEmpty();
    }
}
