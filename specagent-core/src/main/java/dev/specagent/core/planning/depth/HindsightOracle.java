package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.PlanningTask;

import java.util.List;
import java.util.Optional;

/**
 * What a world knows in hindsight: how many consecutive drafts, starting after {@code verified}, the
 * target will accept. Only simulated and replayed worlds can answer.
 */
@FunctionalInterface
public interface HindsightOracle {

    /** The number of drafts the approximation will get right from this prefix on, in a row. */
    int acceptedAhead(PlanningTask task, List<String> verified);

    /**
     * The fraction of the task's steps the approximation drafts right (not where the misses fall), or
     * NaN when the world cannot tell. Used to bound what a perfect rate predictor could achieve.
     */
    default double agreementRate(PlanningTask task) {
        return Double.NaN;
    }

    /**
     * Whether the target accepts {@code draft} as the step after {@code prefix}, where the world took that
     * position from a record (a perfect draft classifier could in principle know it); empty where the
     * world filled the position in itself (e.g. by hashing), off the target's plan, or when it cannot tell.
     * For yardsticks only.
     */
    default Optional<Boolean> recordedOutcome(PlanningTask task, List<String> prefix, String draft) {
        return Optional.empty();
    }

    /**
     * The probability with which the world's own generator makes {@code draft} the target's step after
     * {@code prefix}, assuming {@code prefix} is on the target's plan and conditioning only on what the
     * generator's draws depend on (task text, position, the draft's text): the exact posterior a causal
     * observer who knew the generator could compute. NaN when the world does not draw its drafts at random
     * (the replay world). For yardsticks only.
     */
    default double drawProbability(PlanningTask task, List<String> prefix, String draft) {
        return Double.NaN;
    }
}
