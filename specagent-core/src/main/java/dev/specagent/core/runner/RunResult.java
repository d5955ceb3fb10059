package dev.specagent.core.runner;

import dev.specagent.core.call.Outcome;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.RunFigures;

import java.util.List;
import java.util.Objects;

/**
 * A finished run: the committed trajectory (the actor's outcomes, in order), the final agent state,
 * every ledger entry and the figures computed from them.
 */
public record RunResult<S>(String policy, List<Outcome> trajectory, S finalState, List<LedgerEntry> ledger,
                           RunFigures figures) {

    public RunResult {
        trajectory = List.copyOf(trajectory);
        ledger = List.copyOf(ledger);
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
