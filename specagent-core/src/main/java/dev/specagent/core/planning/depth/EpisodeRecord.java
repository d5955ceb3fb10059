package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.PlanningTask;

import java.util.List;

/**
 * What one finished episode revealed.
 *
 * @param task       the task
 * @param start      the verified prefix the episode started from
 * @param depth      the depth k the policy chose (0 for target-only)
 * @param accepted   how many drafts the target accepted, in order, before the episode ended
 * @param verified   how many drafts were checked against the target's step ({@code accepted}, plus one
 *                   when a draft was rejected); a rejection is known exactly when {@code accepted < verified}
 * @param committed  the target's steps the episode committed (accepted ones, then the correcting one)
 * @param drafts     the approximation's drafts of the episode that were reported, in order (up to the first
 *                   one that was not)
 * @param end        why the episode ended
 * @param recentAcceptances accepted drafts per earlier episode of this task, oldest first, as the episode's
 *                   {@link DepthQuery} had them: what a learning policy labels the episode's samples with, so
 *                   that it need not remember the query itself (a policy shared by planners would mix theirs)
 */
public record EpisodeRecord(PlanningTask task, List<String> start, int depth, int accepted, int verified,
                            List<String> committed, List<String> drafts, End end, List<Integer> recentAcceptances) {

    public EpisodeRecord {
        start = List.copyOf(start);
        committed = List.copyOf(committed);
        drafts = List.copyOf(drafts);
        recentAcceptances = List.copyOf(recentAcceptances);
    }

    /** An episode of a task's first episode's kind: no earlier episode of its task, so no recent acceptances. */
    public EpisodeRecord(PlanningTask task, List<String> start, int depth, int accepted, int verified,
                         List<String> committed, List<String> drafts, End end) {
        this(task, start, depth, accepted, verified, committed, drafts, end, List.of());
    }

    /** Why an episode ended. */
    public enum End {
        /** The target disagreed with a draft (or answered before the draft existed); its step was committed. */
        MISMATCH,
        /** All k drafts were accepted; the plan continues in the next episode. */
        ALL_ACCEPTED,
        /** An accepted or committed step was TERMINATE, or the plan reached its step limit. */
        PLAN_DONE
    }

    /** Whether a draft was rejected, so the run of acceptances from the episode's start is fully known. */
    public boolean rejected() {
        return accepted < verified;
    }

    /** The query the episode started from, as far as a record knows it (its depth cap not kept: the largest). */
    public DepthQuery startQuery() {
        return new DepthQuery(task, start, recentAcceptances, Integer.MAX_VALUE);
    }
}
