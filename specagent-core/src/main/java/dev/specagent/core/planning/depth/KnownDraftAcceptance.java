package dev.specagent.core.planning.depth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/** A {@link DraftAcceptance} read from a {@link DraftProbability} the world knows; never learns, never cold. */
final class KnownDraftAcceptance implements DraftAcceptance {

    private final DraftProbability probability;

    KnownDraftAcceptance(DraftProbability probability) {
        this.probability = Objects.requireNonNull(probability, "probability");
    }

    @Override
    public OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index) {
        List<String> prefix = new ArrayList<>(start.verified());
        prefix.addAll(drafts.subList(0, index - 1));
        double p = probability.of(start.task(), prefix, drafts.get(index - 1));
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalStateException("draft probability must be in [0, 1], got " + p + " for task "
                    + start.task().id() + " at step " + prefix.size());
        }
        return OptionalDouble.of(p);
    }
}
