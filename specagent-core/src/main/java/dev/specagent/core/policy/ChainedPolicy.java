package dev.specagent.core.policy;

import java.util.List;

/**
 * Ours: speculation continues down every live branch. The speculator also runs on a branch's guessed
 * state as soon as the branch's call is launched, and a branch that finishes continues with its own
 * result, so consecutive hits chain, down to a depth limit ({@link Integer#MAX_VALUE} = unlimited).
 * At a large k the tree of branches soon fills the runner's in-flight cap
 * ({@link dev.specagent.core.runner.RunLimits#maxInFlight()}, 64 by default); the runner then leaves out the deeper
 * speculation and counts it ({@link dev.specagent.core.runner.RunResult#cappedLaunches()}).
 */
public final class ChainedPolicy implements SpeculationPolicy {

    private final int k;
    private final int maxDepth;

    /** {@code k} guesses per call, chained without a depth limit. */
    public ChainedPolicy(int k) {
        this(k, Integer.MAX_VALUE);
    }

    /** {@code k} guesses per call, chained down to {@code maxDepth} speculative steps ahead. */
    public ChainedPolicy(int k, int maxDepth) {
        this.k = Policies.requirePositiveK(k);
        this.maxDepth = Policies.requireDepthLimit(maxDepth);
    }

    @Override
    public String name() {
        return "chained";
    }

    @Override
    public int k() {
        return k;
    }

    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public boolean speculateOnCommitted(boolean adoptedFromBranch) {
        return true;
    }

    @Override
    public boolean speculateOnBranch(int depth) {
        return depth < maxDepth;
    }

    @Override
    public List<BranchCandidate> choose(List<BranchCandidate> candidates) {
        return candidates;
    }
}
