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
 */
public record EpisodeRecord(PlanningTask task, List<String> start, int depth, int accepted, int verified,
                            List<String> committed, List<String> drafts, End end) {

    public EpisodeRecord {
        start = List.copyOf(start);
        committed = List.copyOf(committed);
        drafts = List.copyOf(drafts);
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

    /**
     * The task's recent acceptances that label this episode's samples: those of {@code last} (a policy's latest
     * query, null before any) when it was about this episode's task, else none.
     */
    List<Integer> recentAcceptances(DepthQuery last) {
        return last != null && last.task().equals(task) ? last.recentAcceptances() : List.of();
    }
}
