package dev.specagent.core.planning;

import dev.specagent.core.planning.depth.EpisodeRecord;

import java.util.List;

/**
 * The outcome of planning one task.
 *
 * @param task        the task
 * @param steps       the committed plan, ending with TERMINATE unless the step limit cut it
 * @param episodes    every episode, in order
 * @param lossless    whether {@code steps} is the target-only plan (given a deterministic target): the matcher
 *                    claims to be {@link StepMatcher#lossless() lossless} and every draft it accepted equals the
 *                    target's step; false for a lossy matcher even where it only accepted equal drafts
 * @param startNanos  when planning started, on the planner's clock
 * @param endNanos    when the last step was committed
 */
public record PlanResult(PlanningTask task, List<String> steps, List<EpisodeRecord> episodes, boolean lossless,
                         long startNanos, long endNanos) {

    public PlanResult {
        steps = List.copyOf(steps);
        episodes = List.copyOf(episodes);
    }
}
