package dev.specagent.core.ledger;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The counting invariants of {@link RunFigures}, for property tests of the runner and the planner: the
 * <em>attempts</em> counts cover every role and split the entries by fate; the <em>calls</em> counts are the committed
 * authority calls; the bill splits into what the sequential run pays and what speculation added.
 */
public final class FigureTotals {

    private FigureTotals() {
    }

    /** Asserts the invariants of the figures of {@code entries}, naming {@code what} in any failure. */
    public static void assertAddUp(String what, List<LedgerEntry> entries) {
        RunFigures f = RunFigures.of(entries);
        assertThat(f.attempts()).as(what + ": attempts are the entries").isEqualTo(entries.size());
        assertThat(f.committedAttempts()).as(what + ": committed attempts, every role")
                .isEqualTo(count(entries, Fate.COMMITTED));
        assertThat(f.wastedAttempts()).as(what + ": wasted attempts, every role").isEqualTo(count(entries, Fate.WASTED));
        assertThat(f.cancelledAttempts()).as(what + ": cancelled attempts, every role")
                .isEqualTo(count(entries, Fate.CANCELLED));
        assertThat(f.committedAttempts() + f.wastedAttempts() + f.cancelledAttempts())
                .as(what + ": committed + wasted + cancelled attempts").isEqualTo(f.attempts());
        assertThat(f.committedCalls()).as(what + ": committed calls are the authority's")
                .isEqualTo(entries.stream().filter(e -> e.role().isAuthority() && e.fate() == Fate.COMMITTED).count())
                .isLessThanOrEqualTo(f.committedAttempts());
        assertThat(f.hits()).as(what + ": hits").isLessThanOrEqualTo(f.committedCalls());
        assertThat(f.sequentialCostUsd() + f.unnecessaryCostUsd()).as(what + ": sequential + unnecessary cost")
                .isCloseTo(f.costUsd(), within(1e-9));
    }

    private static long count(List<LedgerEntry> entries, Fate fate) {
        return entries.stream().filter(e -> e.fate() == fate).count();
    }
}
