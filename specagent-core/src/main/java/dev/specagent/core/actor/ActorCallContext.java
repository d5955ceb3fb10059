package dev.specagent.core.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.sandbox.View;

import java.util.Optional;

/**
 * The {@link CallContext} of {@link CallContext#of}: the run's clock, whether the call is speculative and the view it
 * acts on; its reports go to the call's completion, a value in canonical form (a null as JSON null, a NaN as a
 * failure).
 */
final class ActorCallContext implements CallContext {
    private final Clock clock;
    private final Completion<JsonNode> done;
    private final boolean speculative;
    private final View view;

    ActorCallContext(Clock clock, Completion<JsonNode> done, boolean speculative, View view) {
        this.clock = clock;
        this.done = done;
        this.speculative = speculative;
        this.view = view;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean speculative() {
        return speculative;
    }

    @Override
    public Optional<View> view() {
        return Optional.ofNullable(view);
    }

    /**
     * Reports the value in canonical form; a value with no JSON form (a NaN) fails the call instead, saying so, as it
     * could never become the call's outcome.
     */
    @Override
    public void succeed(JsonNode value, Usage usage) {
        JsonNode canonical;
        try {
            canonical = CanonicalJson.canonicalize(value);
        } catch (IllegalArgumentException e) {
            String why = "the actor's value cannot be the call's outcome: " + e.getMessage();
            done.fail(new IllegalArgumentException(why, e), usage);
            return;
        }
        done.succeed(canonical, usage);
    }

    @Override
    public void fail(Throwable error, Usage spent) {
        done.fail(error, spent);
    }
}
