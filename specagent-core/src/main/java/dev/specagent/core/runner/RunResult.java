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
 * @param cappedLaunches how many speculative launches (branches, and speculator proposals) the runner left out
 *                       because {@link RunLimits#maxInFlight()} attempts were in flight: speculation it gave up at the
 *                       cap, which the ledger, holding only started attempts, cannot show; 0 when the cap never
 *                       bound. Launches left out for the speculative budget are not counted here.
 */
public record RunResult<S>(String policy, List<Outcome> trajectory, S finalState, List<LedgerEntry> ledger,
                           RunFigures figures, long cappedLaunches) {

    public RunResult {
        trajectory = List.copyOf(trajectory);
        ledger = List.copyOf(ledger);
        if (cappedLaunches < 0) {
            throw new IllegalArgumentException("cappedLaunches must be >= 0, got " + cappedLaunches);
        }
    }

    /** A run whose in-flight cap never bound ({@code cappedLaunches} 0). */
    public RunResult(String policy, List<Outcome> trajectory, S finalState, List<LedgerEntry> ledger,
                     RunFigures figures) {
        this(policy, trajectory, finalState, ledger, figures, 0);
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
