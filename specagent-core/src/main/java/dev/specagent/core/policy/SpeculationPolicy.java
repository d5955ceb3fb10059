package dev.specagent.core.policy;

import java.util.List;

/**
 * Decides where the {@link dev.specagent.core.runner.SpeculativeRunner} speculates: on which pending
 * calls the speculator is asked, and which of its guesses become branches. The mechanism (launching,
 * caching, joining, cancelling, sandboxing, budgets) stays in the runner; a policy is pure and
 * stateless, so one instance can serve many runs.
 */
public interface SpeculationPolicy {

    /** A short name: {@code sequential}, {@code algorithm1}, {@code chained}, {@code adaptive}. */
    String name();

    /** How many guesses to ask the speculator for; 0 means never speculate. */
    int k();

    /**
     * Whether to ask the speculator about the committed pending call. {@code adoptedFromBranch} is true
     * when that call was not issued but adopted from a speculative branch (a hit).
     */
    boolean speculateOnCommitted(boolean adoptedFromBranch);

    /**
     * Whether to keep speculating below a speculative call at {@code depth} (1 = a direct branch):
     * ask the speculator about it and, once it finishes, continue with its result.
     */
    boolean speculateOnBranch(int depth);

    /**
     * Whether a committed call that finishes while its own proposal is still running waits for the
     * proposal's guesses (and opens their branches) before it is committed, instead of cancelling the
     * proposal. This is how the Speculative Actions authors' implementation behaves (each step joins
     * the actor and the speculator); it costs the wait when the guesses arrive late (at most the run's call
     * timeout, {@link dev.specagent.core.runner.RunLimits#callTimeoutNanos()}, when one is set).
     */
    default boolean awaitProposalBeforeCommit() {
        return false;
    }

    /** The branches to open, in launch order, among the candidates of one proposal (best first). */
    List<BranchCandidate> choose(List<BranchCandidate> candidates);
}
