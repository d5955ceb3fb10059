package dev.specagent.core.planning.depth;

import java.util.Objects;

/**
 * The hindsight oracle: k = the number of steps the approximation will get right, plus one, so no
 * draft is wasted beyond the one the target corrects. The limit every other policy is measured against.
 * It holds no state of its own: it may serve several planners, also at the same time, as far as its
 * {@link HindsightOracle} may (a simulated world's oracle only reads the world's scripts).
 */
public final class OracleDepth implements DepthPolicy {

    private final HindsightOracle oracle;

    public OracleDepth(HindsightOracle oracle) {
        this.oracle = Objects.requireNonNull(oracle, "oracle");
    }

    @Override
    public int depth(DepthQuery query) {
        return oracle.acceptedAhead(query.task(), query.verified()) + 1;
    }

    @Override
    public String name() {
        return "oracle";
    }
}
