package dev.specagent.core.lossy;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.clock.Clock;

/**
 * An agent of a lossy control loop: given its view of the system ({@link CompressedHistory} for the
 * actor, {@link HybridContext} for the speculator), decides the knob's next value. Like an actor it
 * works asynchronously: {@link #decide} returns at once, the decision (with the tokens and money it
 * cost) is reported to {@code done} from any thread, or scheduled on the clock for a simulated agent;
 * the returned handle cancels the work. An agent that cannot decide reports a failure; the run goes on. A
 * {@link #decide} that throws an exception counts as such a failure, costing nothing; one that throws an
 * {@link Error} (an {@code AssertionError}) ends the run with a {@link LossyRunException}.
 *
 * @param <C> the context the agent reads
 */
public interface ControlAgent<C> {

    /** Starts deciding on {@code context}; reports to {@code done}. */
    CallHandle decide(C context, Clock clock, Completion<Decision> done);

    /** A one-line description for reports, e.g. "golden-section search (local, zero cost)". */
    String describe();

    /** Whether this agent calls an LLM (so costs tokens); local optimisers return false. */
    default boolean usesLlm() {
        return false;
    }
}
