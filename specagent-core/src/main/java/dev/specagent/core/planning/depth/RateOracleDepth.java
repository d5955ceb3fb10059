package dev.specagent.core.planning.depth;

import java.util.Objects;

/**
 * A yardstick, not a deployable policy: it knows each task's true agreement rate p (from the world,
 * {@link HindsightOracle#agreementRate}) but not where the misses fall, and applies the acceptance
 * rule of {@link AcceptanceDepth}: k = 1 + max{m : p^m ≥ θ}, at most {@code maxDepth}. It bounds what a
 * perfect predictor of the rate could reach, which the hindsight oracle overstates. It holds no state of its own:
 * it may serve several planners, also at the same time, as far as its {@link HindsightOracle} may.
 */
public final class RateOracleDepth implements DepthPolicy {

    private final HindsightOracle oracle;
    private final double theta;
    private final int maxDepth;
    private final String name;

    public RateOracleDepth(String name, HindsightOracle oracle, double theta, int maxDepth) {
        if (!(theta > 0 && theta < 1) || maxDepth < 1) {
            throw new IllegalArgumentException("need 0 < theta < 1 and maxDepth >= 1");
        }
        this.name = name;
        this.oracle = Objects.requireNonNull(oracle);
        this.theta = theta;
        this.maxDepth = maxDepth;
    }

    @Override
    public int depth(DepthQuery query) {
        double p = oracle.agreementRate(query.task());
        if (Double.isNaN(p)) {
            throw new IllegalStateException("the world does not know agreement rates");
        }
        return AcceptanceDepth.depthFor(p, theta, maxDepth);
    }

    @Override
    public String name() {
        return name;
    }
}
