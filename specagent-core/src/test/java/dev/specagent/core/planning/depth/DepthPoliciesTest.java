package dev.specagent.core.planning.depth;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The depth policies' rules: the acceptance-rate depth and the dynamic policy's training targets. */
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
}
