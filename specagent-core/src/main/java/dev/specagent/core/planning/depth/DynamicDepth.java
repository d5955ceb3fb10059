package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.predictor.DepthPredictor;
import dev.specagent.core.planning.predictor.ExpectileLoss;
import dev.specagent.core.planning.predictor.LambdaReturns;
import dev.specagent.core.planning.predictor.OnlineTrainer;
import dev.specagent.core.planning.predictor.SparseVector;
import dev.specagent.core.planning.predictor.StateFeatures;
import dev.specagent.core.planning.predictor.TextEmbedder;
import dev.specagent.core.planning.predictor.TrainingSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The dynamic depth policy of DSP: k = max(1, round(V(s)) + offset), where V is the online-trained
 * predictor's expected acceptance length of the state (cold start, no model yet: k = max(1, 1 + offset)).
 * Every finished episode yields one sample per state it visited (reward 1 each, the episode ending at
 * the mismatch; a plan that ends with every draft accepted adds 1 at its end, as a rejection would; a
 * cut episode is bootstrapped from V of the next state), with λ-return targets; the
 * trainer learns from them asynchronously and the policy never waits for it.
 *
 * <p>Sharing: one policy may serve several planners, which then pool what they teach it. Each episode's samples are
 * labelled from its own {@link EpisodeRecord} (the policy remembers no query), its predictor is read atomically and
 * its trainer's buffer takes samples from any thread. Created on a {@link dev.specagent.core.clock.RealClock} (its
 * trainer a thread of its own), it may serve planners planning at the same time on different threads; created on a
 * {@link dev.specagent.core.clock.SimulatedClock}, its training rounds are events of that clock, so it may serve only
 * planners on that clock, one plan at a time. A state embedder ({@link #create(String, PredictorSettings, Clock,
 * TextEmbedder)}) is then asked from every planner's thread, so it must be thread-safe too.
 */
public final class DynamicDepth implements DepthPolicy, AutoCloseable {

    private final String name;
    private final PredictorSettings settings;
    private final DepthPredictor predictor;
    private final OnlineTrainer trainer;
    private final LambdaReturns returns;

    public DynamicDepth(String name, PredictorSettings settings, DepthPredictor predictor, OnlineTrainer trainer) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.predictor = predictor;
        this.trainer = trainer;
        this.returns = new LambdaReturns(settings.gamma(), settings.lambda());
    }

    /** A dynamic policy whose trainer runs on {@code clock}: simulated rounds on a simulated clock, a thread otherwise. */
    public static DynamicDepth create(String name, PredictorSettings settings, Clock clock) {
        return create(name, settings, clock, TextEmbedder.NONE);
    }

    /** As {@link #create(String, PredictorSettings, Clock)}, its features extended by the state text's embedding. */
    public static DynamicDepth create(String name, PredictorSettings settings, Clock clock, TextEmbedder stateEmbedder) {
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(settings.featureBits(), stateEmbedder));
        return new DynamicDepth(name, settings, predictor,
                settings.trainer(new ExpectileLoss(settings.tau()), predictor, clock));
    }

    @Override
    public int depth(DepthQuery query) {
        double v = predictor.valueOr(predictor.features().features(query.task(), query.verified(),
                query.recentAcceptances()), 1.0);
        // clamped in long arithmetic: a diverged model's V beyond an int must not wrap round to a small or negative k
        long rounded = Math.max(-(1L << 40), Math.min(1L << 40, Math.round(v))); // room to add the offset
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, rounded + settings.offset()));
    }

    @Override
    public void episodeFinished(EpisodeRecord episode) {
        if (episode.depth() == 0) {
            return;
        }
        List<Integer> recent = episode.recentAcceptances();
        boolean mismatch = episode.rejected();
        int states = mismatch ? episode.accepted() + 1 : episode.accepted();
        if (states == 0) {
            return;
        }
        // the plan ended on an accepted draft; when it ended on a target step whose draft never came, that
        // draft's fate is unknown and the episode is cut like an ALL_ACCEPTED one
        boolean endedAccepted = !mismatch && episode.end() == EpisodeRecord.End.PLAN_DONE
                && episode.accepted() == episode.committed().size();
        boolean terminal = mismatch || endedAccepted;
        List<SparseVector> xs = new ArrayList<>(states + 1);
        List<String> prefix = new ArrayList<>(episode.start());
        for (int i = 0; i <= states; i++) {
            xs.add(predictor.features().features(episode.task(), prefix, recent));
            if (i < episode.committed().size()) {
                prefix.add(episode.committed().get(i));
            }
        }
        double[] rewards = new double[states];
        double[] next = new double[states];
        for (int i = 0; i < states; i++) {
            rewards[i] = 1;
            next[i] = Math.max(0, predictor.valueOr(xs.get(i + 1), 1.0));
        }
        if (endedAccepted) {
            // the plan ended with every draft accepted: count the end like the rejection that ends an
            // acceptance run, so targets stay "accepted ahead + 1", the oracle's k
            rewards[states - 1] += 1;
        }
        double[] g = returns.returns(rewards, next, terminal);
        List<TrainingSample> samples = new ArrayList<>(states);
        for (int i = 0; i < states; i++) {
            samples.add(new TrainingSample(xs.get(i), g[i]));
        }
        trainer.submit(samples);
    }

    public DepthPredictor predictor() {
        return predictor;
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
