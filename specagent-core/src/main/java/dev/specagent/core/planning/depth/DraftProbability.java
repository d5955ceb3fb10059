package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.PlanningTask;

import java.util.List;

/**
 * A probability, known to a simulated world, that the target accepts {@code draft} as the step after
 * {@code prefix} of {@code task}. Feeds the yardstick forms of {@link ScheduledGateDepth}; the
 * hindsight-based ones are in {@link HindsightDraftProbabilities}. Not available to a deployable policy.
 */
@FunctionalInterface
public interface DraftProbability {

    /** A probability in [0, 1]. */
    double of(PlanningTask task, List<String> prefix, String draft);
}
