package dev.specagent.core.runner;

import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Role;
import dev.specagent.core.policy.Algorithm1Policy;
import dev.specagent.core.policy.SequentialPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A speculator that never answers, under a policy whose committed calls wait for their guesses. */
class HungSpeculatorTest {

    /**
     * Algorithm 1 awaiting its guesses: every committed call finishes before its proposal, which never reports.
     * With a call timeout the proposal times out like a call, and the run commits what the sequential run commits
     * instead of waiting for ever (on a simulated clock: stalling).
     */
    @Test
    void aHungProposalTimesOutInsteadOfHoldingUpTheCallThatAwaitsIt() {
        int[] cancels = {0};
        Speculator<List<String>> hung = (state, pending, k, clock, done) -> () -> {
            cancels[0]++;
            return Usage.ZERO;
        };
        RunLimits limits = RunLimits.DEFAULT.withCallTimeoutNanos(Clock.nanos(5));
        ScriptedWorld sequentialWorld = new ScriptedWorld(3, 1.0);
        RunResult<List<String>> sequential = SpeculativeRunner.builder(sequentialWorld.agent())
                .actor(sequentialWorld.actor()).policy(new SequentialPolicy()).clock(new SimulatedClock(1)).build().run();
        ScriptedWorld world = new ScriptedWorld(3, 1.0);
        RunResult<List<String>> r = SpeculativeRunner.builder(world.agent()).actor(world.actor()).speculator(hung)
                .policy(new Algorithm1Policy(1, true)).sideEffects(SideEffects.allReadOnly()).limits(limits)
                .clock(new SimulatedClock(1)).build().run();
        assertThat(r.committedSameAs(sequential)).isTrue();
        assertThat(r.ledger()).filteredOn(e -> e.role() == Role.SPECULATOR).hasSize(3);
        assertThat(cancels[0]).as("two proposals cancelled at their timeout, the last one when its call ended")
                .isEqualTo(3);
        assertThat(r.figures().speculativeSeconds()).as("the first two calls wait 5 s from their start, the last none")
                .isCloseTo(5 + 5 + 1, within(1e-9));
    }
}
