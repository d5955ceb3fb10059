package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.predictor.TargetPolicyModel;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The probability that the target accepts a draft read from a learned model of the target's own policy
 * ({@link TargetPolicyModel}): P(draft right | its prefix right) = P(the target's step after the prefix =
 * the draft). Learns from every step each finished episode committed (accepted drafts and correcting
 * steps alike), not from draft outcomes. Causal: a draft is scored with the model as it stood after the
 * last finished episode; cold (empty) until the first episode is learned. Confined to the planner's loop.
 */
final class TargetPolicyAcceptance implements DraftAcceptance {

    private final TargetPolicyModel model;

    TargetPolicyAcceptance(TargetPolicyModel model) {
        this.model = model;
    }

    @Override
    public OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index) {
        if (!model.trained()) {
            return OptionalDouble.empty();
        }
        List<String> prefix = new ArrayList<>(start.verified());
        prefix.addAll(drafts.subList(0, index - 1));
        return OptionalDouble.of(model.probability(start.task(), prefix, drafts.get(index - 1)));
    }

    @Override
    public void learn(EpisodeRecord episode) {
        model.learn(episode.task(), episode.start(), episode.committed());
    }
}
