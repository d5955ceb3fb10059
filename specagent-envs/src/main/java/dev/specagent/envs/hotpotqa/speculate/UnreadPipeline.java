package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.call.Usage;

/**
 * A speculation pipeline (guess of a search's observation, then drafts) that no {@code think} read, as
 * {@link DraftingSpeculator#endEpisode} ended it. Times are on the clock the pipeline ran on.
 *
 * @param usage      everything it consumed (a stage stopped under way: what it had consumed up to the cancel)
 * @param startNanos when it started: when its search was proposed
 * @param endNanos   when it stopped running: when its last stage reported (drafts, or a failure) if it had
 *                   {@code finished}, else when {@code endEpisode} cancelled it
 * @param finished   whether it had finished (drafted, or a stage failed) before it was ended; false when it was
 *                   still running and the cancel stopped it
 */
public record UnreadPipeline(Usage usage, long startNanos, long endNanos, boolean finished) {
}
