package dev.specagent.llm.internal;

import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a chat call ({@link HttpChatCall}) and an embeddings request ({@link HttpEmbeddings}) share as cancellable
 * calls: the answer to complete, the connection of the current try ({@link CallConnection}), and the rule that the
 * first of completion, failure and cancellation wins ({@link #done}), and only the winner records the call's end.
 *
 * @param <T> the answer
 */
abstract class HttpCall<T> implements LlmCall<T> {

    final CompletableFuture<T> result = new CompletableFuture<>();
    /** Set by the first of completion, failure and cancellation. */
    final AtomicBoolean done = new AtomicBoolean();
    final CallConnection connection = new CallConnection();
    /** What the call consumed, once it ended. */
    volatile Usage finalUsage;

    @Override
    public final CompletableFuture<T> response() {
        return result;
    }

    @Override
    public final Usage cancel() {
        if (!done.compareAndSet(false, true)) {
            return spentSoFar();
        }
        connection.stopSending();
        connection.close();
        Usage spent = spentSoFar();
        finalUsage = spent;
        result.cancel(false);
        recordCancel(spent);
        return spent;
    }

    /** Records to the trace, if any, that the call was cancelled having consumed {@code spent}. */
    abstract void recordCancel(Usage spent);

    /**
     * {@code error} with {@code model} first in its message, and {@code spent}: the messages name the URL, which the
     * models of one server share. The one place the model is named, so it never is twice.
     */
    static LlmException withModel(LlmException error, String model, Usage spent) {
        String prefix = "model " + model + ": ";
        String message = error.getMessage() == null ? error.kind().toString() : error.getMessage();
        if (message.startsWith(prefix)) {
            return error.withSpent(spent);
        }
        LlmException named = new LlmException(error.kind(), error.status(), prefix + message, spent, error.getCause());
        named.setStackTrace(error.getStackTrace());
        return named;
    }
}
