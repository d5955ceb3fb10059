package dev.specagent.core.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.sandbox.View;

import java.util.Optional;

/**
 * Everything an {@link Actor} needs to run one call: the clock to take time from, whether the call is
 * speculative, the environment state it must act on, and where to report its result.
 */
public interface CallContext extends Completion<JsonNode> {

    /** The clock of the run; simulated actors schedule their completion on it. */
    Clock clock();

    /** Whether this call runs off the committed path (a branch), so must not touch committed state. */
    boolean speculative();

    /**
     * The environment state the call must read and write: the committed state, or a fork of it for a
     * speculative branch. Empty when the run has no sandbox. Only {@code REVERSIBLE} and {@code IRREVERSIBLE}
     * calls may write it: a {@code READ_ONLY} or {@code IDEMPOTENT} call may run speculatively on the committed
     * state or on a fork the runner ends while the call still runs.
     */
    Optional<View> view();

    /**
     * The context the runner gives an actor's call, and one to call an actor outside a run (in a test of one's own
     * actor, say): time from {@code clock}, the call's end reported to {@code done}, a null value as JSON null, and a
     * value with no JSON form (a NaN) as a failure of the call that says so.
     *
     * @param view the state the call acts on, or null for a run without a sandbox
     */
    static CallContext of(Clock clock, boolean speculative, View view, Completion<JsonNode> done) {
        return new ActorCallContext(clock, done, speculative, view);
    }
}
