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
}
