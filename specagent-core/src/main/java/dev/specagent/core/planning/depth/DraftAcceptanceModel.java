package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.predictor.DepthPredictor;
import dev.specagent.core.planning.predictor.LogisticLoss;
import dev.specagent.core.planning.predictor.OnlineTrainer;
import dev.specagent.core.planning.predictor.SparseVector;
import dev.specagent.core.planning.predictor.StateFeatures;
import dev.specagent.core.planning.predictor.TrainingSample;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The learned probability that the target accepts a given draft, from the state (task, verified prefix
 * plus the episode's earlier drafts, recent acceptances) and the draft's own text: an online logistic
 * regression on {@link StateFeatures} with draft features, one label per verified draft of each finished
 * episode, trained asynchronously like the paper's predictor (simulated-clock rounds or its own thread).
 * Used by the draft-by-draft policies; confined to the planner's event loop except for the trainer.
 */
final class DraftAcceptanceModel implements DraftAcceptance {

    private final DepthPredictor predictor;
    private final OnlineTrainer trainer;

    private DraftAcceptanceModel(DepthPredictor predictor, OnlineTrainer trainer) {
        this.predictor = predictor;
        this.trainer = trainer;
    }

    static DraftAcceptanceModel create(PredictorSettings settings, Clock clock) {
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(settings.featureBits()));
        return new DraftAcceptanceModel(predictor, settings.trainer(new LogisticLoss(), predictor, clock));
    }

    /**
     * The probability that the target accepts draft {@code index} (1-based) of {@code drafts}, drafted on
     * the episode's start plus the drafts before it; empty while no model is published (cold start).
     */
    @Override
    public OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index) {
        if (predictor.current() == null) {
            return OptionalDouble.empty();
        }
        List<String> state = new ArrayList<>(start.verified());
        state.addAll(drafts.subList(0, index - 1));
        SparseVector x = predictor.features().features(start.task(), state, start.recentAcceptances(),
                drafts.get(index - 1));
        return OptionalDouble.of(LogisticLoss.sigmoid(predictor.valueOr(x, 0)));
    }

    /** Submits one label per verified draft of the finished episode (1 = accepted). */
    @Override
    public void learn(EpisodeRecord episode) {
        if (episode.depth() == 0) {
            return;
        }
        List<Integer> recent = episode.recentAcceptances();
        int labelled = Math.min(episode.verified(), episode.drafts().size());
        List<TrainingSample> samples = new ArrayList<>(labelled);
        List<String> state = new ArrayList<>(episode.start());
        for (int i = 0; i < labelled; i++) {
            String draft = episode.drafts().get(i);
            samples.add(new TrainingSample(predictor.features().features(episode.task(), state, recent, draft),
                    i < episode.accepted() ? 1 : 0));
            state.add(draft);
        }
        if (!samples.isEmpty()) {
            trainer.submit(samples);
        }
    }

    OnlineTrainer trainer() {
        return trainer;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
