package dev.specagent.core.planning;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.clock.CallTally;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SleepingCall;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents of a {@link ScriptedPlanningWorld} in real time: every call is a {@link SleepingCall} of the world's
 * latency divided by {@code speedUp}, answering and charging what the world draws. Some worlds' approximation
 * fails now and then (from its thread); a cancel after a call finished returns its full usage or, in some
 * worlds, nothing.
 */
final class RealTimeStepAgents {

    private final ScriptedPlanningWorld world;
    private final double speedUp;
    private final CallTally tally = new CallTally();
    private final AtomicInteger calls = new AtomicInteger();
    private final SplittableRandom random;
    private final boolean lateCancelReturnsNothing;
    private final double draftFails;

    RealTimeStepAgents(ScriptedPlanningWorld world, double speedUp, long seed) {
        this.world = world;
        this.speedUp = speedUp;
        this.random = new SplittableRandom(seed * 104729 + 3);
        this.lateCancelReturnsNothing = random.nextBoolean();
        this.draftFails = random.nextBoolean() ? random.nextDouble() * 0.2 : 0;
    }

    StepAgent target() {
        return (task, prefix, clock, done) -> start(world.targetCall(task, prefix), clock, done, false);
    }

    StepAgent approximation() {
        return (task, prefix, clock, done) -> start(world.approximationCall(task, prefix), clock, done, draw() < draftFails);
    }

    CallTally tally() {
        return tally;
    }

    /** Calls the planner made of either agent. */
    int calls() {
        return calls.get();
    }

    private CallHandle start(ScriptedPlanningWorld.StepCall call, Clock clock,
                             Completion<String> done, boolean fails) {
        calls.incrementAndGet();
        return SleepingCall.start(clock, tally, Clock.nanos(call.latencySeconds() / speedUp), false, call.full(),
                call::cancelledAfter, lateCancelReturnsNothing, () -> {
                    if (fails) {
                        done.fail(new IllegalStateException("injected draft failure"), call.full());
                    } else {
                        done.succeed(call.step(), call.full());
                    }
                });
    }

    private synchronized double draw() {
        return random.nextDouble();
    }
}
