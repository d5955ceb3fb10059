package dev.specagent.core.planning.depth;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Where {@link ScheduledGateDepth} gets the probability that the target accepts a draft: the learned
 * {@link DraftAcceptanceModel} (deployable), or a probability the world knows in hindsight
 * ({@link KnownDraftAcceptance}, yardsticks only). Confined to the planner's event loop.
 */
interface DraftAcceptance extends AutoCloseable {

    /** Told when an episode starts (the learned model remembers the query to label its samples). */
    default void episodeStarts(DepthQuery query) {
    }

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

    /**
     * The query {@code episode} started from: {@code last} (the query of the latest episode start, which
     * holds the task's recent acceptances) when it is that episode's, else one rebuilt without them; so a
     * source scoring a finished episode's drafts sees what it saw while deciding.
     */
    static DepthQuery startOf(EpisodeRecord episode, DepthQuery last) {
        return last != null && last.task().equals(episode.task()) && last.verified().equals(episode.start()) ? last
                : new DepthQuery(episode.task(), episode.start(), List.of(), Integer.MAX_VALUE);
    }
}
