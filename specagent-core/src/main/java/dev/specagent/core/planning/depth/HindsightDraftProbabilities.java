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

    /**
     * What a draft classifier with the given error rates would tell, turned into a probability: every draft
     * on the target's plan is labelled "right" with probability {@code 1 - missRate} if it is right
     * ({@link HindsightOracle#acceptedAhead} &gt; 0) and {@code falseAlarmRate} if it is wrong (a seeded hash
     * of task, prefix and draft decides), and the probability is the posterior given the label with the
     * task's agreement rate r as prior: r(1 − FNR) / (r(1 − FNR) + (1 − r) FPR) after "right",
     * r FNR / (r FNR + (1 − r)(1 − FPR)) after "wrong". Off the plan (a prefix holding a wrong draft) the
     * draft counts as wrong. It shows which classifier quality the goal needs.
     *
     * @param missRate        FNR: the share of right drafts labelled wrong, in [0, 1)
     * @param falseAlarmRate  FPR: the share of wrong drafts labelled right, in (0, 1]
     */
    public static DraftProbability classifier(HindsightOracle oracle, double missRate, double falseAlarmRate, long seed) {
        Objects.requireNonNull(oracle, "oracle");
        if (!(missRate >= 0 && missRate < 1 && falseAlarmRate > 0 && falseAlarmRate <= 1)) {
            throw new IllegalArgumentException("need 0 <= missRate < 1 and 0 < falseAlarmRate <= 1, got "
                    + missRate + ", " + falseAlarmRate);
        }
        return (task, prefix, draft) -> {
            double r = rateOf(oracle, task);
            boolean right = oracle.acceptedAhead(task, prefix) > 0;
            double u = uniform(seed, task.id().hashCode(), prefix.hashCode(), draft.hashCode());
            boolean saysRight = right ? u >= missRate : u < falseAlarmRate;
            double ifRight = saysRight ? 1 - missRate : missRate;
            double ifWrong = saysRight ? falseAlarmRate : 1 - falseAlarmRate;
            double evidence = r * ifRight + (1 - r) * ifWrong;
            return evidence == 0 ? 0 : r * ifRight / evidence;
        };
    }

    /** A uniform draw in [0, 1) from a hash of the inputs (SplitMix64 finaliser). */
    private static double uniform(long seed, long a, long b, long c) {
        long z = seed;
        for (long v : new long[]{a, b, c}) {
            z = z * 0x9E3779B97F4A7C15L + v + 0x632BE59BD9B4E5A5L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
        }
        return (z >>> 11) * 0x1.0p-53;
    }

    private static double rateOf(HindsightOracle oracle, PlanningTask task) {
        double p = oracle.agreementRate(task);
        if (Double.isNaN(p)) {
            throw new IllegalStateException("the world does not know agreement rates");
        }
        return p;
    }
}
