package dev.specagent.core.runner;

import dev.specagent.core.call.Outcome;
import dev.specagent.core.ledger.LedgerEntry;

import java.util.List;

/**
 * A committed call failed more often than allowed, or the agent, the clock or a part's contract broke the run, or
 * it was interrupted. Carries what was committed
 * before the failure and the ledger, so nothing already computed is lost; speculative work was
 * cancelled and recorded before this was thrown.
 */
public final class RunFailedException extends RuntimeException {

    private final transient List<Outcome> committed;
    private final transient List<LedgerEntry> ledger;

    public RunFailedException(String message, Throwable cause, List<Outcome> committed, List<LedgerEntry> ledger) {
        super(message, cause);
        this.committed = List.copyOf(committed);
        this.ledger = List.copyOf(ledger);
    }

    /**
     * The outcomes committed before the failure, in order: every committed-path call that took effect, including
     * one that ended as the run failed (it reported success as its cancel stopped it), so a run resumed from them
     * repeats no call.
     */
    public List<Outcome> committed() {
        return committed;
    }

    public List<LedgerEntry> ledger() {
        return ledger;
    }
}
