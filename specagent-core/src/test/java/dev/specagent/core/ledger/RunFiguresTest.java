package dev.specagent.core.ledger;

import dev.specagent.core.call.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RunFiguresTest {

    @Test
    void figuresComeFromTheEntries() {
        Ledger ledger = new Ledger();
        long s = 1_000_000_000L;
        ledger.open(Role.ACTOR, "a", 0, 0, -1).close(2 * s, new Usage(100, 10, 0, 1.0), Fate.COMMITTED);
        ledger.open(Role.SPECULATOR, "g", 0, 0, 0).close(s / 2, new Usage(10, 5, 0, 0.1), Fate.COMMITTED);
        ledger.open(Role.BRANCH, "b", s / 2, 1, 0).close(3 * s, new Usage(100, 20, 0, 2.0), Fate.COMMITTED);
        ledger.open(Role.BRANCH, "w", s / 2, 1, 0).close(s, new Usage(100, 3, 0, 0.3), Fate.CANCELLED);
        RunFigures f = RunFigures.of(ledger.entries());
        assertThat(f.sequentialSeconds()).isCloseTo(2 + 2.5, within(1e-9));
        assertThat(f.speculativeSeconds()).isCloseTo(3, within(1e-9));
        assertThat(f.savedPct()).isCloseTo(100 * 1.5 / 4.5, within(1e-9));
        assertThat(f.hitRate()).isEqualTo(0.5);
        assertThat(f.promptTokens()).isEqualTo(310);
        assertThat(f.completionTokens()).isEqualTo(38);
        assertThat(f.costUsd()).isCloseTo(3.4, within(1e-9));
        assertThat(f.sequentialCostUsd()).isCloseTo(3.0, within(1e-9));
        assertThat(f.unnecessaryCostUsd()).isCloseTo(0.4, within(1e-9));
        assertThat(f.peakConcurrency()).isEqualTo(3);
        assertThat(f.averageDepth()).isEqualTo(1.0);
        assertThat(f.depthEntries()).as("the two branches").isEqualTo(2);
        assertThat(f.cancelledAttempts()).isEqualTo(1);
        assertThat(f.committedCalls()).as("the actor's call and the adopted branch").isEqualTo(2);
        assertThat(f.committedAttempts()).as("and the confirmed guess").isEqualTo(3);
        assertThat(f.wastedAttempts()).isZero();
        assertThat(f.attempts()).isEqualTo(f.committedAttempts() + f.wastedAttempts() + f.cancelledAttempts());
    }

    /**
     * The attempts counts cover every role alike: a wasted or cancelled speculator or draft is counted as a wasted
     * or cancelled branch is, and so is a committed one, so the three split the entries.
     */
    @Test
    void theAttemptsCountsSplitEveryRoleByFate() {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "a", 0, 0, -1).close(5, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.SPECULATOR, "g", 0, 0, 0).close(1, Usage.ZERO, Fate.WASTED);
        ledger.open(Role.SPECULATOR, "g2", 0, 0, 0).close(1, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.APPROXIMATION, "d", 0, 1, -1).close(2, Usage.ZERO, Fate.CANCELLED);
        ledger.open(Role.APPROXIMATION, "d2", 0, 1, -1).close(2, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.PREDICTOR, "depth", 0, 2, -1).close(0, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.TARGET, "t", 0, 0, -1).close(3, Usage.ZERO, Fate.WASTED);
        ledger.open(Role.BRANCH, "b", 1, 1, 0).close(4, Usage.ZERO, Fate.CANCELLED);
        RunFigures f = RunFigures.of(ledger.entries());
        assertThat(f.committedCalls()).isEqualTo(1);
        assertThat(f.committedAttempts()).isEqualTo(4);
        assertThat(f.wastedAttempts()).isEqualTo(2);
        assertThat(f.cancelledAttempts()).isEqualTo(2);
        FigureTotals.assertAddUp("mixed roles", ledger.entries());
    }

    @Test
    void anAttemptSettlesOnceAndOnlyWhenFinished() {
        Ledger ledger = new Ledger();
        Ledger.Attempt a = ledger.open(Role.ACTOR, "a", 0, 0, -1);
        assertThatThrownBy(() -> a.settle(Fate.COMMITTED)).isInstanceOf(IllegalStateException.class);
        a.finish(5, Usage.ZERO);
        assertThat(ledger.unsettledCount()).isEqualTo(1);
        a.settle(Fate.WASTED);
        assertThat(ledger.unsettledCount()).isZero();
        assertThatThrownBy(() -> a.settle(Fate.WASTED)).isInstanceOf(IllegalStateException.class);
    }

    /** A planning ledger: committed verifications are committed authority calls, but only branches are hits. */
    @Test
    void onlyCommittedBranchesAreHits() {
        Ledger ledger = new Ledger();
        long s = 1_000_000_000L;
        ledger.open(Role.PREDICTOR, "depth", 0, 2, -1).close(0, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.APPROXIMATION, "draft step 0", 0, 0, -1).close(s, Usage.ofCost(0.1), Fate.COMMITTED);
        ledger.open(Role.TARGET, "verify step 0", 0, 0, -1).close(4 * s, Usage.ofCost(1), Fate.COMMITTED);
        ledger.open(Role.TARGET, "verify step 1", s, 1, -1).close(5 * s, Usage.ofCost(1), Fate.COMMITTED);
        RunFigures f = RunFigures.of(ledger.entries());
        assertThat(f.committedCalls()).isEqualTo(2);
        assertThat(f.hits()).isZero();
        assertThat(f.hitRate()).isZero();
        assertThat(f.sequentialSeconds()).isCloseTo(8, within(1e-9));
        assertThat(f.speculativeSeconds()).isCloseTo(5, within(1e-9));
        assertThat(f.unnecessaryCostUsd()).isCloseTo(0.1, within(1e-9));
        assertThat(f.averageDepth()).isZero();
        assertThat(f.depthEntries()).as("a draft at depth 0 is speculation all the same").isEqualTo(1);
    }

    /** Without a branch or draft the mean depth is of nothing: its count says so. */
    @Test
    void aRunWithoutSpeculationHasNoDepthEntries() {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "a", 0, 0, -1).close(1_000_000_000L, Usage.ofCost(1), Fate.COMMITTED);
        ledger.open(Role.SPECULATOR, "g", 0, 0, 0).close(1_000L, Usage.ofCost(0.1), Fate.WASTED);
        RunFigures f = RunFigures.of(ledger.entries());
        assertThat(f.depthEntries()).isZero();
        assertThat(f.averageDepth()).isZero();
        assertThat(RunFigures.of(List.of()).depthEntries()).isZero();
    }

    /** Instantaneous attempts (a cache hit, a depth entry) are still one attempt at a time, not none. */
    @Test
    void aLedgerOfInstantaneousAttemptsHasConcurrencyOne() {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "cached", 5, 0, -1).close(5, Usage.ZERO, Fate.COMMITTED);
        assertThat(RunFigures.of(ledger.entries()).peakConcurrency()).isEqualTo(1);
        assertThat(RunFigures.of(List.of()).peakConcurrency()).isZero();
    }

    @Test
    void touchingIntervalsDoNotOverlap() {
        Ledger ledger = new Ledger();
        ledger.open(Role.ACTOR, "a", 0, 0, -1).close(10, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.ACTOR, "b", 10, 0, -1).close(20, Usage.ZERO, Fate.COMMITTED);
        assertThat(RunFigures.of(ledger.entries()).peakConcurrency()).isEqualTo(1);
    }

    /**
     * A run's clock rarely reads 0 at its first call (a RealClock's nanoTime, a run after another on one clock): the
     * wall time is from the first start to the last end, not from 0, and the time saved is against that.
     */
    @Test
    void theWallTimeRunsFromTheFirstStartNotFromZero() {
        Ledger ledger = new Ledger();
        long s = 1_000_000_000L;
        long t0 = 100 * s;
        ledger.open(Role.ACTOR, "a", t0, 0, -1).close(t0 + 2 * s, Usage.ZERO, Fate.COMMITTED);
        ledger.open(Role.BRANCH, "b", t0 + s, 1, -1).close(t0 + 3 * s, Usage.ZERO, Fate.COMMITTED);
        RunFigures f = RunFigures.of(ledger.entries());
        assertThat(f.speculativeSeconds()).isCloseTo(3, within(1e-9));
        assertThat(f.wallSeconds()).isEqualTo(f.speculativeSeconds());
        assertThat(f.sequentialSeconds()).isCloseTo(4, within(1e-9));
        assertThat(f.savedPct()).isCloseTo(25, within(1e-9));
    }

    /** Without a committed call there is nothing to save time on or to hit: 0, not NaN or an infinity. */
    @Test
    void aRunWithoutCommittedCallsSavedNothingAndHitNothing() {
        Ledger ledger = new Ledger();
        ledger.open(Role.SPECULATOR, "g", 5, 0, -1).close(1_000_000_005L, Usage.ofCost(0.1), Fate.WASTED);
        ledger.open(Role.ACTOR, "a", 5, 0, -1).close(500_000_005L, Usage.ZERO, Fate.CANCELLED);
        RunFigures f = RunFigures.of(ledger.entries());
        assertThat(f.committedCalls()).isZero();
        assertThat(f.speculativeSeconds()).isCloseTo(1, within(1e-9));
        assertThat(f.sequentialSeconds()).isZero();
        assertThat(f.savedPct()).isZero();
        assertThat(f.hitRate()).isZero();
        RunFigures empty = RunFigures.of(List.of());
        assertThat(empty.savedPct()).isZero();
        assertThat(empty.hitRate()).isZero();
        assertThat(empty.wallSeconds()).isZero();
    }

    /** Entry ids are unique, in order of opening, and never the parent id -1 that means "no parent". */
    @Test
    void attemptIdsAreUniqueInOpeningOrderAndNeverTheNoParentId() {
        Ledger ledger = new Ledger();
        Ledger.Attempt a = ledger.open(Role.ACTOR, "a", 0, 0, -1);
        Ledger.Attempt b = ledger.open(Role.SPECULATOR, "g", 0, 0, a.id());
        Ledger.Attempt c = ledger.open(Role.BRANCH, "c", 0, 1, -1);
        assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates().isSorted().allMatch(id -> id >= 0);
        assertThat(List.of(a.role(), b.role(), c.role())).containsExactly(Role.ACTOR, Role.SPECULATOR, Role.BRANCH);
        c.close(1, Usage.ZERO, Fate.CANCELLED);
        b.close(1, Usage.ZERO, Fate.WASTED);
        a.close(2, Usage.ZERO, Fate.COMMITTED);
        assertThat(ledger.entries()).extracting(LedgerEntry::id).containsExactly(c.id(), b.id(), a.id());
        assertThat(ledger.entries().get(1).parentId()).isEqualTo(a.id());
    }

    /** The first finish wins, even one at time 0 (a zero-length call at the clock's start). */
    @Test
    void theFirstFinishWinsEvenAtTimeZero() {
        Ledger ledger = new Ledger();
        Ledger.Attempt a = ledger.open(Role.ACTOR, "cached", 0, 0, -1);
        a.finish(0, Usage.ofCost(1));
        a.finish(7, Usage.ofCost(2));
        a.settle(Fate.COMMITTED);
        LedgerEntry e = ledger.entries().getFirst();
        assertThat(e.endNanos()).isZero();
        assertThat(e.usage().costUsd()).isEqualTo(1);
    }
}
