package dev.specagent.core.planning;

import dev.specagent.core.actor.BlockingCall;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;

import java.util.List;
import java.util.Objects;

/**
 * A planning agent: given a task and a plan prefix, proposes the next step. The approximation agent
 * (fast, cheap) and the target agent (slow, authoritative) both implement it.
 *
 * <p>{@link #propose} must return quickly; the work runs asynchronously (a simulated event on a
 * {@link dev.specagent.core.clock.SimulatedClock}, or blocking work on the clock's blocking executor)
 * and reports to {@code done} once, from any thread. The returned handle's {@code cancel} must stop
 * the real work (for an LLM: close the stream) and return the usage consumed so far. The target must
 * be deterministic: the same task and prefix give the same step.
 *
 * <p>The handle is never null ({@link CallHandle#NONE} for work that cannot be stopped), its
 * {@code cancel} neither throws nor returns null, and a report's usage is never null ({@link
 * dev.specagent.core.call.Usage#ZERO} for a call that cost nothing): an agent breaking this fails the plan with a
 * {@link PlanningFailedException} naming the call, after every call of the plan is cancelled and settled.
 * Throwing from {@code propose} instead is a failure of that call, like reporting one; so is reporting a
 * null step (a failed draft is only waste; a failed target step on the committed path fails the plan).
 */
public interface StepAgent {

    /** Starts proposing the step that follows {@code prefix}; the step text is reported to {@code done}. */
    CallHandle propose(PlanningTask task, List<String> prefix, Clock clock, Completion<String> done);

    /**
     * An agent that runs a plain, blocking Java method for each step on a virtual thread (so it needs a
     * {@link dev.specagent.core.clock.RealClock}: on a simulated clock the planner fails the run at once, see
     * {@link dev.specagent.core.clock.BlockingWorkRefusedException}); its return value is the step, an exception fails the call, and
     * cancelling interrupts the thread (see {@link BlockingCall}). Costs are reported as zero.
     */
    static StepAgent blocking(BlockingStep work) {
        Objects.requireNonNull(work, "work");
        return (task, prefix, clock, done) -> BlockingCall.start(clock, () -> work.next(task, prefix),
                step -> done.succeed(step, Usage.ZERO), error -> done.fail(error, Usage.ZERO));
    }

    /** The blocking method behind {@link #blocking}: the step that follows {@code prefix} in {@code task}. */
    @FunctionalInterface
    interface BlockingStep {
        String next(PlanningTask task, List<String> prefix) throws Exception;
    }
}
