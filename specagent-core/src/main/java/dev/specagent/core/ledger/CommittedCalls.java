package dev.specagent.core.ledger;

import java.util.Comparator;
import java.util.List;

/**
 * Reads the committed path of a run from its ledger entries. Its one question, {@link #overlap}, is the
 * clock-independent sign that speculation saved a wait: a sequential run (or target-only planning) commits
 * each authority call only after the one before it ended, so its committed calls never overlap.
 */
public final class CommittedCalls {

    private CommittedCalls() {
    }

    /**
     * Whether a committed authority call ({@link Role#isAuthority()}: actor, branch, target) started before the
     * committed authority call started before it had ended.
     */
    public static boolean overlap(List<LedgerEntry> entries) {
        List<LedgerEntry> committed = entries.stream().filter(e -> e.fate() == Fate.COMMITTED && e.role().isAuthority())
                .sorted(Comparator.comparingLong(LedgerEntry::startNanos)).toList();
        for (int i = 1; i < committed.size(); i++) {
            if (committed.get(i).startNanos() < committed.get(i - 1).endNanos()) {
                return true;
            }
        }
        return false;
    }
}
