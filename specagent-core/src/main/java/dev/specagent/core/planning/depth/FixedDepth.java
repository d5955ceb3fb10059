package dev.specagent.core.planning.depth;

/**
 * Always the same depth k; {@code k = 0} is target-only planning. Immutable: one instance may serve any number of
 * planners, also planning at the same time on different threads.
 */
public record FixedDepth(int k) implements DepthPolicy {

    public FixedDepth {
        if (k < 0) {
            throw new IllegalArgumentException("depth must be at least 0, got " + k);
        }
    }

    /** Target-only sequential planning: no drafts. */
    public static FixedDepth targetOnly() {
        return new FixedDepth(0);
    }

    @Override
    public int depth(DepthQuery query) {
        return k;
    }

    @Override
    public String name() {
        return k == 0 ? "target-only" : "fix-" + k;
    }
}
