package dev.specagent.core.runner;

import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.BlockingCall;
import dev.specagent.core.actor.Guess;
import dev.specagent.core.actor.Speculator;
import dev.specagent.core.call.SideEffects;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.BlockingWorkRefusedException;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.SpeculativePlanner;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.policy.ChainedPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking work (Actor.blocking, StepAgent.blocking) needs a RealClock. On a SimulatedClock it was refused at each
 * start like a failed call, so the runner retried it and the run failed as "call inc{..} failed 3 time(s)", without
 * saying that the clock was the cause; now the run fails at once as a broken contract naming the clock.
 */
class BlockingWorkOnSimulatedClockTest {

    @Test
    void aBlockingActorOnASimulatedClockFailsTheRunAtOnceNamingTheClock() {
        AtomicInteger ran = new AtomicInteger();
        SpeculativeRunner<Integer> runner = SpeculativeRunner.builder(ContractViolationTest.COUNT)
                .actor(Actor.blocking(call -> ran.incrementAndGet())).clock(new SimulatedClock(1)).build();

        assertThatThrownBy(runner::run).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("cannot run on a SimulatedClock").hasMessageContaining("use a RealClock")
                .hasMessageNotContaining("time(s)")
                .hasRootCauseInstanceOf(BlockingWorkRefusedException.class);
        assertThat(ran).hasValue(0);
    }

    @Test
    void aBlockingStepAgentOnASimulatedClockFailsThePlanAtOnceNamingTheClock() {
        AtomicInteger ran = new AtomicInteger();
        StepAgent blocking = StepAgent.blocking((task, prefix) -> {
            ran.incrementAndGet();
            return PlanSteps.TERMINATE;
        });
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(blocking).target(blocking)
                .policy(FixedDepth.targetOnly()).clock(new SimulatedClock(1)).build();

        assertThatThrownBy(() -> planner.plan(new PlanningTask("t", "task")))
                .hasMessageContaining("on task 't'").hasMessageContaining("cannot run on a SimulatedClock")
                .hasMessageNotContaining("time(s)");
        assertThat(ran).hasValue(0);
    }

    @Test
    void aBlockingSpeculatorOnASimulatedClockFailsTheRunAtOnceNamingTheProposal() {
        Speculator<Integer> blocking = (state, pending, k, clock, done) ->
                BlockingCall.start(clock, () -> List.<Guess>of(),
                        guesses -> done.succeed(guesses, Usage.ZERO),
                        error -> done.fail(error, Usage.ZERO));
        SpeculativeRunner<Integer> runner = SpeculativeRunner.builder(ContractViolationTest.COUNT)
                .actor(ContractViolationTest.oneSecondActor()).speculator(blocking)
                .policy(new ChainedPolicy(1))
                .sideEffects(SideEffects.allReadOnly()).clock(new SimulatedClock(1)).build();

        assertThatThrownBy(runner::run).isInstanceOf(RunFailedException.class)
                .hasMessageStartingWith("the speculator's proposal for inc{\"n\":0}: blocking work")
                .hasMessageContaining("cannot run on a SimulatedClock")
                .hasRootCauseInstanceOf(BlockingWorkRefusedException.class);
    }
}
