package dev.specagent.core.ledger;

import dev.specagent.core.call.Usage;

/**
 * One settled call attempt.
 *
 * @param id          unique within its ledger, in order of opening
 * @param role        why it was made
 * @param label       what was called (tool name or a short description)
 * @param startNanos  when it started, on the run's clock
 * @param endNanos    when it ended or was cancelled
 * @param usage       tokens and money it consumed (for a cancelled call: up to the cancel)
 * @param fate        how it ended
 * @param depth       speculative depth when launched (0 on the committed path)
 * @param parentId    for a {@link Role#SPECULATOR} attempt of the {@code SpeculativeRunner}, the id of the authority
 *                    attempt whose value it guesses; -1 for every other entry (a branch does not name the call or
 *                    guess it follows, nor do the planner's and the lossy runner's entries)
 */
public record LedgerEntry(long id, Role role, String label, long startNanos, long endNanos, Usage usage, Fate fate,
                          int depth, long parentId) {

    public long durationNanos() {
        return endNanos - startNanos;
    }
}
