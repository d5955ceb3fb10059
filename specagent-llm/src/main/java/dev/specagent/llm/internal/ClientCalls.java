package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The calls of one {@link dev.specagent.llm.client.ChatClient} that run on threads of their own and have not ended, so
 * that closing the client ends every one of them at once: one waiting for the endpoint's permit or between two tries
 * holds no connection that closing the HTTP client would break. A call ended so fails with an {@link LlmException}
 * ({@link Kind#CONNECTION}) charged what it spent, and its thread ends (a permit it held is released). Thread-safe.
 */
public final class ClientCalls {

    private final Set<HttpCall<?>> underWay = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed;

    /** The calls of the client whose settings hold {@code closed} ({@link ClientSettings#closed()}). */
    public ClientCalls(AtomicBoolean closed) {
        this.closed = closed;
    }

    /** Tracks {@code call} until it ends; one tracked after {@link #endAll()} is ended at once. */
    public HttpChatCall track(HttpChatCall call) {
        return add(call);
    }

    /** Tracks {@code call} until it ends; one tracked after {@link #endAll()} is ended at once. */
    public HttpEmbeddings track(HttpEmbeddings call) {
        return add(call);
    }

    private <C extends HttpCall<?>> C add(C call) {
        underWay.add(call);
        call.response().whenComplete((value, error) -> underWay.remove(call));
        if (closed.get()) {
            end(call);
        }
        return call;
    }

    /**
     * Sets the client's closed flag, so that no call of it sends a request any more, then ends every call under way,
     * and from now on every call tracked.
     */
    public void endAll() {
        closed.set(true);
        underWay.forEach(ClientCalls::end);
    }

    /** The error of a call whose client was closed before it ended. */
    static LlmException closedError() {
        return new LlmException(Kind.CONNECTION, 0, "its ChatClient was closed (close() was called) before "
                + "the call ended", null, null);
    }

    /** How many calls are under way. */
    int size() {
        return underWay.size();
    }

    private static void end(HttpCall<?> call) {
        call.fail(closedError());
    }
}
