package dev.specagent.envs.hotpotqa.speculate;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.clock.Clock;
import dev.specagent.envs.hotpotqa.corpus.HotpotQuestion;

/**
 * Guesses what {@code Search[entity]} will show before the real search answers. Asynchronous and
 * cancellable like an actor. A guesser with nothing to guess from reports an empty string; a guess that fails (an
 * LLM guesser's HTTP error) reports the failure, and the pipeline that asked for it then drafts nothing.
 */
public interface ObservationGuesser {

    /** Starts guessing the observation of searching {@code entity}; reports it to {@code done}. */
    CallHandle guess(HotpotQuestion question, String entity, Clock clock, Completion<String> done);

    /** A short name for reports. */
    String name();
}
