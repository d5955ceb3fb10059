package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.hotpotqa.react.ReactState;

import java.util.List;

/**
 * Drafts the agent's next action from a guessed observation: given a state whose pending action is
 * a search and a guess of that search's observation, proposes up to {@code k} next actions, best
 * first, as written ({@code Search[x]}, {@code Lookup[y]}, {@code Finish[z]}). Asynchronous and
 * cancellable; a drafter that cannot draft fails with the reason (an LLM answer naming no action).
 */
public interface ActionDrafter {

    /** Starts drafting; the drafted actions are reported to {@code done}. */
    CallHandle draft(ReactState state, String guessedObservation, int k, Clock clock, Completion<List<String>> done);

    /** A short name for reports. */
    String name();
}
