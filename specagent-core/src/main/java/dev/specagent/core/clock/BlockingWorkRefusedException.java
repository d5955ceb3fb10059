package dev.specagent.core.clock;

/**
 * A {@link SimulatedClock}'s refusal of blocking work ({@link Clock#blockingExecutor()}): such work would run on real
 * threads in real time while simulated time stands still, so an actor, speculator or step agent built on it (such as
 * {@link dev.specagent.core.actor.Actor#blocking}) needs a {@link RealClock}. The runner and the planner report it as
 * a broken contract that fails the run at once, never as a call failure to retry.
 */
public final class BlockingWorkRefusedException extends UnsupportedOperationException {

    public BlockingWorkRefusedException(String message) {
        super(message);
    }
}
