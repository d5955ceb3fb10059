package dev.specagent.core.ledger;

import dev.specagent.core.call.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommittedCallsTest {

    private static LedgerEntry entry(Role role, long start, long end, Fate fate) {
        return new LedgerEntry(start, role, "call", start, end, Usage.ZERO, fate, 0, -1);
    }

    @Test
    void onlyCommittedAuthorityCallsThatStartBeforeThePreviousEndsOverlap() {
        LedgerEntry first = entry(Role.ACTOR, 0, 10, Fate.COMMITTED);
        assertThat(CommittedCalls.overlap(List.of(first, entry(Role.ACTOR, 10, 20, Fate.COMMITTED))))
                .as("back to back, as in a sequential run").isFalse();
        assertThat(CommittedCalls.overlap(List.of(entry(Role.BRANCH, 5, 20, Fate.COMMITTED), first)))
                .as("a branch adopted while the actor ran, in any order").isTrue();
        assertThat(CommittedCalls.overlap(List.of(first, entry(Role.BRANCH, 5, 20, Fate.WASTED),
                entry(Role.SPECULATOR, 1, 2, Fate.COMMITTED)))).as("wasted or non-authority calls").isFalse();
        assertThat(CommittedCalls.overlap(List.of(entry(Role.TARGET, 0, 10, Fate.COMMITTED),
                entry(Role.TARGET, 3, 12, Fate.COMMITTED)))).as("verifications in parallel").isTrue();
    }
}
