package dev.specagent.core.runner;

import dev.specagent.core.call.Outcome;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.clock.SimulatedClock;
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
        assertThat(chained.cappedLaunches()).as("speculation left out at the cap").isPositive();
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
}
