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

/**
 * A depth policy of ours: instead of regressing the acceptance length, it learns the probability p(s)
 * that the approximation's next draft is accepted (online logistic regression on the same hashed
 * features, trained asynchronously like the paper's predictor), assumes the run of acceptances is
 * geometric, and speculates as deep as the chance that every draft so far is still accepted stays at
 * least θ: k = 1 + max{m : p^m ≥ θ}, capped at {@code maxDepth}. One label per verified draft gives
 * more and less noisy samples than one censored return per state, and θ states the time–cost trade
 * directly (an extra level costs about one target prompt, and saves a restart with probability p^m).
 * Cold start: k = 1 + {@code coldExtra}.
 *
 * <p>Sharing: one policy may serve several planners, which then pool what they teach it. Each episode's samples are
 * labelled from its own {@link EpisodeRecord} (the policy remembers no query), its predictor is read atomically and
 * its trainer's buffer takes samples from any thread. Created on a {@link dev.specagent.core.clock.RealClock} (its
 * trainer a thread of its own), it may serve planners planning at the same time on different threads; created on a
 * {@link dev.specagent.core.clock.SimulatedClock}, its training rounds are events of that clock, so it may serve only
 * planners on that clock, one plan at a time.
 */
public final class AcceptanceDepth implements DepthPolicy, AutoCloseable {

    private final String name;
    private final double theta;
    private final int maxDepth;
    private final int coldExtra;
    private final DepthPredictor predictor;
    private final OnlineTrainer trainer;

    private AcceptanceDepth(String name, double theta, int maxDepth, int coldExtra, DepthPredictor predictor,
                            OnlineTrainer trainer) {
        this.name = name;
        this.theta = theta;
        this.maxDepth = maxDepth;
        this.coldExtra = coldExtra;
        this.predictor = predictor;
        this.trainer = trainer;
    }

    /**
     * The policy with threshold {@code theta} in (0, 1), at most {@code maxDepth} deep, its trainer on
     * {@code clock} (simulated rounds, or a thread in real time) with the learning settings of {@code settings}.
     */
    public static AcceptanceDepth create(String name, double theta, int maxDepth, PredictorSettings settings, Clock clock) {
        if (!(theta > 0 && theta < 1) || maxDepth < 1) {
            throw new IllegalArgumentException("need 0 < theta < 1 and maxDepth >= 1, got " + theta + ", " + maxDepth);
        }
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(settings.featureBits()));
        return new AcceptanceDepth(name, theta, maxDepth, Math.max(0, settings.offset()), predictor,
                settings.trainer(new LogisticLoss(), predictor, clock));
    }

    @Override
    public int depth(DepthQuery query) {
        if (predictor.current() == null) {
            return Math.min(maxDepth, 1 + coldExtra);
        }
        double p = LogisticLoss.sigmoid(predictor.valueOr(predictor.features().features(query.task(), query.verified(),
                query.recentAcceptances()), 0));
        return depthFor(p, theta, maxDepth);
    }

    /**
     * 1 + the most further steps whose joint acceptance, at {@code p} each, stays at least {@code theta},
     * within [1, maxDepth].
     */
    static int depthFor(double p, double theta, int maxDepth) {
        // clamped as a double: for p within 1e-10 of 1 the ratio exceeds any int
        int m = p >= 1 ? maxDepth : p <= 0 ? 0 : (int) Math.min(maxDepth, Math.floor(Math.log(theta) / Math.log(p)));
        return Math.max(1, Math.min(maxDepth, 1 + m));
    }

    @Override
    public void episodeFinished(EpisodeRecord episode) {
        if (episode.depth() == 0) {
            return;
        }
        List<Integer> recent = episode.recentAcceptances();
        boolean mismatch = episode.rejected();
        int verified = mismatch ? episode.accepted() + 1 : episode.accepted();
        List<TrainingSample> samples = new ArrayList<>(verified);
        List<String> prefix = new ArrayList<>(episode.start());
        for (int i = 0; i < verified; i++) {
            SparseVector x = predictor.features().features(episode.task(), prefix, recent);
            samples.add(new TrainingSample(x, i < episode.accepted() ? 1 : 0));
            prefix.add(episode.committed().get(i));
        }
        if (!samples.isEmpty()) {
            trainer.submit(samples);
        }
    }

    public OnlineTrainer trainer() {
        return trainer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
