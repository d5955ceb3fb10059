package dev.specagent.core.planning.depth;

import dev.specagent.core.planning.PlanningTask;

import java.util.Objects;

/**
 * The draft probabilities of the yardstick schedulers, read from a world's {@link HindsightOracle}.
 * None is deployable: each uses something only the simulated world knows.
 */
public final class HindsightDraftProbabilities {

    private HindsightDraftProbabilities() {
    }

    /**
     * Every draft of a task is right with the task's agreement rate ({@link HindsightOracle#agreementRate}):
     * a perfect rate predictor that knows nothing of where the misses fall.
     */
    public static DraftProbability rate(HindsightOracle oracle) {
        Objects.requireNonNull(oracle, "oracle");
        return (task, prefix, draft) -> rateOf(oracle, task);
    }

    /**
     * The draft's true outcome (1 or 0) where the world took the position from a record
     * ({@link HindsightOracle#recordedOutcome}), the task's agreement rate elsewhere: more informed than
     * any deployable policy, which could at best classify the recorded drafts perfectly.
     */
    public static DraftProbability partial(HindsightOracle oracle) {
        Objects.requireNonNull(oracle, "oracle");
        return (task, prefix, draft) -> oracle.recordedOutcome(task, prefix, draft)
                .map(right -> right ? 1.0 : 0.0)
                .orElseGet(() -> rateOf(oracle, task));
    }

    /**
     * The probability with which the world's generator makes the draft right ({@link HindsightOracle#drawProbability}):
     * the exact posterior of a causal observer who knows the generator (the synthetic world only).
     */
    public static DraftProbability drawn(HindsightOracle oracle) {
        Objects.requireNonNull(oracle, "oracle");
        return (task, prefix, draft) -> {
            double p = oracle.drawProbability(task, prefix, draft);
            if (Double.isNaN(p)) {
                throw new IllegalStateException("the world does not draw its drafts at random (no draw probability)");
            }
            return p;
        };
    }

    private static double rateOf(HindsightOracle oracle, PlanningTask task) {
        double p = oracle.agreementRate(task);
        if (Double.isNaN(p)) {
            throw new IllegalStateException("the world does not know agreement rates");
        }
        return p;
    }
}
