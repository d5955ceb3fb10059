package dev.specagent.core.runner;

import dev.specagent.core.call.Outcome;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.RunFigures;

import java.util.List;
import java.util.Objects;

/**
 * A finished run: the committed trajectory (the actor's outcomes, in order), the final agent state,
 * every ledger entry and the figures computed from them.
 *
 * <p>A <em>speculative launch</em> is a speculator's proposal about the value of one launched call, or a branch below
 * one launched call: the next call that a guess of its value (or its own value, once it finished) leads to, as the
 * policy chose it. A launch is <em>left out</em> when a limit refused it and no later
 * attempt started it (or, for a branch, joined a live call equal to it): the runner retries a refused launch as the
 * committed path moves (the call moves up a level, is adopted and its guesses judged again, or finishes and
 * continues with its own value), so one launch may be refused several times, or refused and started later. Each
 * left-out launch counts once, under the limit that refused it last; a launch that started is in the ledger and is
 * not counted. What was never asked (guesses past k, branches the policy did not choose, calls not allowed to run
 * speculatively, anything below a launch left out) is not counted either.
 *
 * @param cappedLaunches     how many speculative launches were left out because {@link RunLimits#maxInFlight()}
 *                           attempts were in flight: speculation given up at the in-flight cap, which the ledger,
 *                           holding only started attempts, cannot show; 0 when the cap never bound
 * @param overBudgetLaunches how many speculative launches were left out because their estimated maximum cost, added
 *                           to what speculation had spent and what the attempts in flight reserved, would have
 *                           exceeded {@link RunLimits#maxSpeculativeCostUsd()}; 0 when the budget never bound
 */
public record RunResult<S>(String policy, List<Outcome> trajectory, S finalState, List<LedgerEntry> ledger,
                           RunFigures figures, long cappedLaunches, long overBudgetLaunches) {

    public RunResult {
        trajectory = List.copyOf(trajectory);
        ledger = List.copyOf(ledger);
        if (cappedLaunches < 0) {
            throw new IllegalArgumentException("cappedLaunches must be >= 0, got " + cappedLaunches);
        }
        if (overBudgetLaunches < 0) {
            throw new IllegalArgumentException("overBudgetLaunches must be >= 0, got " + overBudgetLaunches);
        }
    }

    /** A run whose speculative budget never bound ({@code overBudgetLaunches} 0). */
    public RunResult(String policy, List<Outcome> trajectory, S finalState, List<LedgerEntry> ledger,
                     RunFigures figures, long cappedLaunches) {
        this(policy, trajectory, finalState, ledger, figures, cappedLaunches, 0);
    }

    /** A run whose limits never bound ({@code cappedLaunches} and {@code overBudgetLaunches} 0). */
    public RunResult(String policy, List<Outcome> trajectory, S finalState, List<LedgerEntry> ledger,
                     RunFigures figures) {
        this(policy, trajectory, finalState, ledger, figures, 0, 0);
    }

    /**
     * Whether this run committed what {@code other} committed: the same calls in the same order with
     * canonically equal values ({@link Outcome#sameResult}), and equal final states. Usage, timing and
     * policy are ignored, so a speculative run is lossless exactly when it committed the same as the
     * sequential run of the same agent.
     */
    public boolean committedSameAs(RunResult<?> other) {
        if (trajectory.size() != other.trajectory.size() || !Objects.equals(finalState, other.finalState)) {
            return false;
        }
        for (int i = 0; i < trajectory.size(); i++) {
            if (!trajectory.get(i).sameResult(other.trajectory.get(i))) {
                return false;
            }
        }
        return true;
    }
}
