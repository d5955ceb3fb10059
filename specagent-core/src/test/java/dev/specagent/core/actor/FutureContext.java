package dev.specagent.core.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.sandbox.View;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A committed call's context on {@code clock}, without a view, that hands the call's end to a future (its value, or
 * its error); completions may arrive on worker threads.
 */
public final class FutureContext implements CallContext {
    /** The call's value, or the error it failed with. */
    public final CompletableFuture<Object> result = new CompletableFuture<>();
    private final Clock clock;

    public FutureContext(Clock clock) {
        this.clock = clock;
    }

    @Override public Clock clock() { return clock; }
    @Override public boolean speculative() { return false; }
    @Override public Optional<View> view() { return Optional.empty(); }
    @Override public void succeed(JsonNode value, Usage usage) { result.complete(value); }
    @Override public void fail(Throwable error, Usage spent) { result.complete(error); }
}
