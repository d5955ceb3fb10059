package dev.specagent.core.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.sandbox.View;

import java.util.Optional;

/**
 * The {@link CallContext} of {@link CallContext#of}: the run's clock, whether the call is speculative and the view it
 * acts on; its reports go to the call's completion, a null value as JSON null.
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

    @Override
    public void succeed(JsonNode value, Usage usage) {
        done.succeed(value == null ? CanonicalJson.canonicalize(null) : value, usage);
    }

    @Override
    public void fail(Throwable error, Usage spent) {
        done.fail(error, spent);
    }
}
