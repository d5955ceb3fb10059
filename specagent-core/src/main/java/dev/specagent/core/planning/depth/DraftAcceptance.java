package dev.specagent.core.planning.depth;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Where {@link ScheduledGateDepth} gets the probability that the target accepts a draft: the learned
 * {@link DraftAcceptanceModel} (deployable), or a probability the world knows in hindsight
 * ({@link KnownDraftAcceptance}, yardsticks only). Confined to the planner's event loop.
 */
interface DraftAcceptance extends AutoCloseable {

    /**
     * The probability that the target accepts draft {@code index} (1-based) of {@code drafts}, drafted
     * on the episode's start plus the drafts before it; empty when no estimate exists yet (cold start).
     */
    OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index);

    /** Learns from a finished episode (the default ignores it). */
    default void learn(EpisodeRecord episode) {
    }

    @Override
    default void close() {
    }
}
