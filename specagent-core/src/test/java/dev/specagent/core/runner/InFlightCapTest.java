package dev.specagent.core.runner;

import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.LedgerEntry;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.ChainedPolicy;
import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chained policy at a k large enough to fill {@link RunLimits#maxInFlight()} (64 by default): the run neither
 * blocks nor fails; it leaves out speculation at the cap, deepest first, and counts what it left out
 * ({@link RunResult#cappedLaunches()}). It used to launch each branch's proposal before the next sibling branch, so at
 * k = 40 the cap was full after 31 of the 40 guesses of the committed call's value and the right one, ranked last,
 * never got its branch: no hit at all.
 */
class InFlightCapTest {

    private static final int K = 40;

    /** Six steps of 1 s; the speculator's {@link #K} guesses of each value have the right one last. */
    private static ScriptedWorld world() {
        ScriptedWorld w = new ScriptedWorld(6, 1.0);
        w.guesses = t -> {
            List<String> guesses = new ArrayList<>();
            for (int i = 0; i < K - 1; i++) {
                guesses.add("wrong" + i);
            }
            guesses.add("v" + t);
            return guesses;
        };
        return w;
    }

    private static RunResult<List<String>> run(ScriptedWorld w, SpeculationPolicy policy, RunLimits limits) {
        return SpeculativeRunner.<List<String>>builder().agent(w.agent()).actor(w.actor()).speculator(w.speculator())
                .policy(policy).clock(new SimulatedClock(1)).limits(limits).sideEffects(SideEffects.allReadOnly())
                .build().run();
    }

    @Test
    void chainedAtALargeKFillsTheCapAndLeavesOutTheDeeperGuessesCountingThem() {
        ScriptedWorld sequentialWorld = world();
        RunResult<List<String>> sequential = run(sequentialWorld, new SequentialPolicy(), RunLimits.DEFAULT);
        ScriptedWorld w = world();
        RunResult<List<String>> chained = run(w, new ChainedPolicy(K), RunLimits.DEFAULT);

        assertThat(chained.trajectory().stream().map(Outcome::text)).containsExactly("v1", "v2", "v3", "v4", "v5", "v6");
        assertThat(chained.committedSameAs(sequential)).isTrue();
        assertThat(w.maxInFlightSeen).as("actor calls in flight at once").isLessThanOrEqualTo(64);
        assertThat(chained.figures().peakConcurrency()).as("attempts in flight at once").isEqualTo(64);
        // README quotes this figure (counting refusals instead of launches, refused again or started later, gave 1,402)
        assertThat(chained.cappedLaunches()).as("speculation left out at the cap").isEqualTo(1398);
        assertThat(chained.overBudgetLaunches()).isZero();
        assertThat(sequential.cappedLaunches()).isZero();
        // the right guess, ranked last of 40, gets its branch; only step 2 misses: the cap left out the proposal of
        // step 1's branch, which is asked once that branch is adopted, and its guesses come as step 1 ends
        assertThat(chained.figures().hits()).as("hits among the 5 steps after the first").isEqualTo(4);
        assertThat(chained.figures().speculativeSeconds()).as("against the sequential run's 6 s").isEqualTo(3.3);
        // every sibling guess of a value got its branch before any branch got its proposal
        assertThat(chained.ledger()).filteredOn(e -> e.role() == Role.BRANCH && e.depth() == 1)
                .hasSizeGreaterThanOrEqualTo(K);
        assertThat(w.inFlight).isZero();
    }

    @Test
    void belowTheCapNothingIsLeftOut() {
        ScriptedWorld w = world();
        RunResult<List<String>> r = run(w, new ChainedPolicy(K, 1), RunLimits.DEFAULT.withMaxInFlight(1000));
        assertThat(r.cappedLaunches()).isZero();
        assertThat(r.figures().peakConcurrency()).isLessThan(1000);
        assertThat(r.figures().hits()).isEqualTo(5);
    }

    /**
     * Three steps (1 s, 1.5 s, 1 s) at a cap of 3, k = 2, guesses in 0.1 s: of step 0's value only {@code v1}, of
     * step 1's {@code w2} then {@code v2}. At 0.2 s the cap is full (step 0, the branch on v1, the branch on w2): the
     * branch on v2 below the v1 branch and the w2 branch's proposal are refused. At 1 s step 0 commits and the v1 branch
     * is adopted: the w2 branch, moved up a level, gets its proposal in the slot step 0 freed, and the adopted branch's
     * guesses, judged again, find the w2 branch live and refuse the v2 branch a second time, for the cap is full again.
     * At 1.6 s step 1's value (v2) commits and step 2 is issued as an actor call. Left out: the v2 branch, one launch,
     * though refused twice; the w2 branch's proposal started. The run counted three (every refusal) before.
     */
    @Test
    void aLaunchRefusedTwiceCountsOnceAndOneThatStartedLaterNotAtAll() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0, 1.5, 1.0);
        w.guesses = t -> t == 1 ? List.of("v1") : List.of("w" + t, "v" + t);
        RunResult<List<String>> r = run(w, new ChainedPolicy(2), RunLimits.DEFAULT.withMaxInFlight(3));

        assertThat(r.trajectory().stream().map(Outcome::text)).containsExactly("v1", "v2", "v3");
        Call onV2 = Call.of("step", "t", 2, "prev", "v2");
        Call onW2 = Call.of("step", "t", 2, "prev", "w2");
        assertThat(w.starts).as("the branch on v2 never started; step 2 was issued on the committed path")
                .filteredOn(s -> s.call().equals(onV2)).singleElement()
                .satisfies(s -> assertThat(s.speculative()).isFalse());
        assertThat(w.starts).filteredOn(s -> s.call().equals(onW2) && s.speculative()).hasSize(1);
        List<LedgerEntry> proposals = r.ledger().stream().filter(e -> e.role() == Role.SPECULATOR).toList();
        assertThat(proposals).as("the w2 branch's proposal started at 1 s, once refused")
                .anyMatch(e -> e.startNanos() == 1_000_000_000L);
        assertThat(r.cappedLaunches()).as("the v2 branch, refused at 0.2 s and at 1 s").isEqualTo(1);
        assertThat(r.overBudgetLaunches()).isZero();
    }

    /**
     * Three steps (2 s, 0.5 s, 1 s) at a cap of 3, k = 2, guesses in 0.1 s: of step 0's value only {@code v1}, of
     * step 1's {@code w2} then {@code v2}. At 0.2 s the cap is full (step 0, the branch on v1, the branch on w2): the
     * branch on v2 below the v1 branch is refused. At 0.6 s the v1 branch finishes with v2 and continues with it: the
     * w2 branch is cancelled and the v2 branch starts in its slot, so it is not left out; step 2 is adopted from it.
     */
    @Test
    void aBranchRefusedAtTheCapThatStartsWhenItsParentContinuesIsNotLeftOut() {
        ScriptedWorld w = new ScriptedWorld(3, 2.0, 0.5, 1.0);
        w.guesses = t -> t == 1 ? List.of("v1") : List.of("w" + t, "v" + t);
        RunResult<List<String>> r = run(w, new ChainedPolicy(2, 2), RunLimits.DEFAULT.withMaxInFlight(3));

        assertThat(r.trajectory().stream().map(Outcome::text)).containsExactly("v1", "v2", "v3");
        assertThat(w.starts).as("refused at 0.2 s, the branch on v2 started at 0.6 s")
                .filteredOn(s -> s.call().equals(Call.of("step", "t", 2, "prev", "v2"))).singleElement()
                .isEqualTo(new ScriptedWorld.Start(Call.of("step", "t", 2, "prev", "v2"), true, 600_000_000L));
        assertThat(r.cappedLaunches()).as("the one refused launch started later").isZero();
        assertThat(r.overBudgetLaunches()).isZero();
    }

    /**
     * Three steps (3 s, 1 s, 1 s) at a cap of 5, k = 2, guesses in 0.1 s: of step 0's value {@code w1} then
     * {@code v1}, of step 1's {@code x2} then {@code v2}. At 0.1 s the branches on w1 and v1 start with their
     * proposals (5 in flight). At 0.2 s the w1 branch's guesses arrive first: the branch on x2 below it starts and the
     * one on v2 is refused at the cap; the v1 branch's guesses come next, joining the branch on x2 and starting the
     * one on v2 in the freed slot. At 1.1 s the w1 branch finishes with v2 and continues with it: it joins the live
     * branch on v2, which the v1 branch started, so that launch is not left out either.
     */
    @Test
    void aBranchRefusedAtTheCapThatLaterJoinsALiveCallIsNotLeftOut() {
        ScriptedWorld w = new ScriptedWorld(3, 3.0, 1.0, 1.0);
        w.guesses = t -> t == 1 ? List.of("w1", "v1") : List.of("x" + t, "v" + t);
        RunResult<List<String>> r = run(w, new ChainedPolicy(2, 2), RunLimits.DEFAULT.withMaxInFlight(5));

        assertThat(r.trajectory().stream().map(Outcome::text)).containsExactly("v1", "v2", "v3");
        Call onV2 = Call.of("step", "t", 2, "prev", "v2");
        assertThat(w.starts).as("the branch on v2, started once at 0.2 s and shared")
                .filteredOn(s -> s.call().equals(onV2)).singleElement()
                .isEqualTo(new ScriptedWorld.Start(onV2, true, 200_000_000L));
        assertThat(r.cappedLaunches()).as("the w1 branch's refused branch on v2 joined it at 1.1 s").isZero();
        assertThat(r.overBudgetLaunches()).isZero();
    }

    /**
     * The same world with a speculative budget of 0.025 $ instead of the cap, at 0.01 $ a call: the v1 and w2 branches
     * reserve 0.02 $, so the v2 branch is refused at 0.2 s and again when its guesses are judged at 1 s. It is one
     * launch left out for the budget, not for the cap; the runner counted none before.
     */
    @Test
    void aLaunchTheBudgetRefusesIsCountedApartFromTheCap() {
        ScriptedWorld w = new ScriptedWorld(3, 1.0, 1.5, 1.0);
        w.guesses = t -> t == 1 ? List.of("v1") : List.of("w" + t, "v" + t);
        w.costPerCall = 0.01;
        RunResult<List<String>> r = run(w, new ChainedPolicy(2), RunLimits.DEFAULT.withMaxSpeculativeCostUsd(0.025));

        assertThat(r.trajectory().stream().map(Outcome::text)).containsExactly("v1", "v2", "v3");
        assertThat(w.starts).filteredOn(s -> s.call().equals(Call.of("step", "t", 2, "prev", "v2")))
                .singleElement().satisfies(s -> assertThat(s.speculative()).isFalse());
        assertThat(r.overBudgetLaunches()).isEqualTo(1);
        assertThat(r.cappedLaunches()).isZero();
    }

    /** "Spend never exceeds the budget": a branch whose estimate fills the budget exactly is launched. */
    @Test
    void aBranchThatFillsTheSpeculativeBudgetExactlyIsLaunched() {
        for (double budget : new double[]{0.5, 0.49}) {
            ScriptedWorld w = new ScriptedWorld(2, 1.0);
            w.costPerCall = 0.25;
            w.guesses = t -> List.of("v" + t, "w" + t);
            RunResult<List<String>> r = run(w, new ChainedPolicy(2, 1), RunLimits.DEFAULT.withMaxSpeculativeCostUsd(budget));
            assertThat(r.ledger()).as("budget " + budget).filteredOn(e -> e.role() == Role.BRANCH)
                    .hasSize(budget == 0.5 ? 2 : 1);
            assertThat(r.overBudgetLaunches()).as("budget " + budget).isEqualTo(budget == 0.5 ? 0 : 1);
        }
    }
}
