package dev.specagent.core.planning.depth;

import java.util.List;

/**
 * Chooses the speculation depth k of each planning episode: how many steps the approximation drafts
 * ahead for the target to verify in parallel. {@code 0} means no drafting (target-only planning).
 * Called on the planner's event loop; {@link #depth} must not block. Whether one policy may serve several planners
 * (one plan at a time, or planning at the same time on different threads) each policy class says; the planner reports
 * each episode's own {@link EpisodeRecord} (with its query's recent acceptances), so a policy need not remember
 * which query an episode started from.
 */
public interface DepthPolicy {

    /**
     * The depth of the episode that starts in {@code query}'s state; at least 0 (a negative depth fails the plan
     * with a {@link dev.specagent.core.planning.PlanningFailedException} naming the policy). The planner clamps it
     * to {@link DepthQuery#maxDepth()}.
     */
    int depth(DepthQuery query);

    /**
     * Whether the episode should speculate past its latest draft: called when draft i (the last of
     * {@code drafts}) arrives and the depth allows more; false stops the episode there (no draft i + 1,
     * no verification on top of draft i). The default always continues up to the depth.
     *
     * @param episodeStart  the query the episode's depth was chosen for
     * @param drafts        the episode's drafts so far, a1..ai
     */
    default boolean continueAfter(DepthQuery episodeStart, List<String> drafts) {
        return true;
    }

    /**
     * The scheduling form of {@link #continueAfter}: what the episode does past its latest reported draft
     * a(i) (the last of {@code drafts}), knowing that the target has verified (accepted) the first
     * {@code verified} drafts, {@code verified < i}. Asked when a(i) arrives and, after a
     * {@link Speculation#DRAFT_AHEAD} or {@link Speculation#HOLD}, again each time {@code verified} grows;
     * once a(i) itself is verified the planner drafts and verifies past it without asking (as a new
     * episode would). Only ever delays target calls, so the committed plan is unchanged. The default maps
     * {@link #continueAfter} to {@link Speculation#SPECULATE} or {@link Speculation#STOP}. Never null (a null
     * answer fails the plan with a {@link dev.specagent.core.planning.PlanningFailedException} naming the policy).
     */
    default Speculation afterDraft(DepthQuery episodeStart, List<String> drafts, int verified) {
        return continueAfter(episodeStart, drafts) ? Speculation.SPECULATE : Speculation.STOP;
    }

    /**
     * {@link #afterDraft(DepthQuery, List, int)} knowing also how many later drafts have arrived
     * ({@code ahead}: reported drafts past a(i), in order); after a {@link Speculation#DRAFT_AHEAD} or
     * {@link Speculation#HOLD} the planner asks again each time {@code verified} or {@code ahead} grows,
     * so a policy can start a doubtful draft's verification a draft later instead of at once. The default
     * ignores {@code ahead}.
     */
    default Speculation afterDraft(DepthQuery episodeStart, List<String> drafts, int verified, int ahead) {
        return afterDraft(episodeStart, drafts, verified);
    }

    /** Learns from a finished episode (the default ignores it). */
    default void episodeFinished(EpisodeRecord episode) {
    }

    /** A short name for tables and JSON, e.g. {@code fix-4}. */
    String name();
}
