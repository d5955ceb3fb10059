package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.predictor.OnlineTrainer;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A depth policy of ours that decides draft by draft instead of once per episode: the depth is a cap
 * ({@code maxDepth}), and when draft i arrives the policy speculates past it (launching draft i + 1
 * and the target's step on top of draft i) only while the learned probability that the target accepts
 * draft i, given the state and the draft's own text, is at least {@code gate}. The draft's text is the
 * information a state-only predictor lacks (where the misses fall). The probability is a
 * {@link DraftAcceptanceModel}. Cold start (no model yet): stop after {@code 1 + coldExtra} drafts.
 *
 * <p>Sharing: one policy may serve several planners, which then pool what they teach it. Each episode's samples are
 * labelled from its own {@link EpisodeRecord} (the policy remembers no query), its predictor is read atomically and
 * its trainer's buffer takes samples from any thread. Created on a {@link dev.specagent.core.clock.RealClock} (its
 * trainer a thread of its own), it may serve planners planning at the same time on different threads; created on a
 * {@link dev.specagent.core.clock.SimulatedClock}, its training rounds are events of that clock, so it may serve only
 * planners on that clock, one plan at a time.
 */
public final class GatedDepth implements DepthPolicy, AutoCloseable {

    private final String name;
    private final double gate;
    private final int maxDepth;
    private final int coldDrafts;
    private final DraftAcceptanceModel model;

    private GatedDepth(String name, double gate, int maxDepth, int coldDrafts, DraftAcceptanceModel model) {
        this.name = name;
        this.gate = gate;
        this.maxDepth = maxDepth;
        this.coldDrafts = coldDrafts;
        this.model = model;
    }

    /** The policy with acceptance threshold {@code gate} in (0, 1) and depth cap {@code maxDepth}. */
    public static GatedDepth create(String name, double gate, int maxDepth, PredictorSettings settings, Clock clock) {
        if (!(gate > 0 && gate < 1) || maxDepth < 2) {
            throw new IllegalArgumentException("need 0 < gate < 1 and maxDepth >= 2, got " + gate + ", " + maxDepth);
        }
        return new GatedDepth(name, gate, maxDepth, 1 + Math.max(0, settings.offset()),
                DraftAcceptanceModel.create(settings, clock));
    }

    @Override
    public int depth(DepthQuery query) {
        return maxDepth;
    }

    @Override
    public boolean continueAfter(DepthQuery start, List<String> drafts) {
        int i = drafts.size();
        OptionalDouble p = model.acceptance(start, drafts, i);
        return p.isEmpty() ? i < coldDrafts : p.getAsDouble() >= gate;
    }

    @Override
    public void episodeFinished(EpisodeRecord episode) {
        model.learn(episode);
    }

    public OnlineTrainer trainer() {
        return model.trainer();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        model.close();
    }
}
