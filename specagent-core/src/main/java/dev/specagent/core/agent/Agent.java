package dev.specagent.core.agent;

import dev.specagent.core.call.Call;
import dev.specagent.core.call.Outcome;

import java.util.Optional;

/**
 * An agent as Speculative Actions models it: a policy π from state to the next call, and a transition
 * f from a state and a call's outcome to the next state. Both must be pure and fast (the slow work is
 * in the calls): the runner evaluates them on guessed outcomes too, and a speculative run is lossless
 * only because π and f are deterministic.
 *
 * @param <S> the state type; treat states as immutable values
 */
public interface Agent<S> {

    /** The state the run starts in. */
    S initialState();

    /** π: the next call to make in {@code state}, or empty (never null) when the agent is done. */
    Optional<Call> nextCall(S state);

    /** f: the state after {@code outcome} of the call {@code nextCall(state)}. */
    S transition(S state, Outcome outcome);
}
