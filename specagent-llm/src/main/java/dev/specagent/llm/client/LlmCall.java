package dev.specagent.llm.client;

import dev.specagent.core.call.Usage;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A request to a model in flight: a chat completion ({@link ChatCall}) or an embeddings request
 * ({@link ChatClient#startEmbeddings}). {@link #response()} completes with the answer, exceptionally with an
 * {@link LlmException}, or is cancelled by {@link #cancel()}.
 *
 * <p>{@link #cancel()} stops the spend, not only the wait: it closes the HTTP connection at once (the server sees
 * the disconnect and stops working), completes {@link #response()} as cancelled, and returns what the call consumed:
 * the prompt tokens (the server's count when it sent one, else an estimate) when the request was on the wire, plus
 * the generated tokens received so far, priced. It is idempotent and does not block.
 *
 * @param <T> the answer
 */
public interface LlmCall<T> {

    /** The answer. */
    CompletableFuture<T> response();

    /** Cancels the call (see the type's contract) and returns what it consumed; after completion, the full usage. */
    Usage cancel();

    /** What the call has consumed so far (an estimate while it runs). */
    Usage spentSoFar();

    /**
     * Why a {@link #response()} failed, as a {@code whenComplete} or {@code handle} stage sees it: {@code error}
     * unwrapped from the {@link CompletionException} a dependent stage wraps it in (an {@link LlmException}, or a
     * {@link CancellationException} after {@link #cancel()}).
     */
    static Throwable failureOf(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Waits for the answer.
     *
     * @throws LlmException          when the call failed
     * @throws CancellationException when it was cancelled, or when the calling thread is interrupted while it waits:
     *                               then the call is cancelled and the interrupt status is kept
     */
    default T await() {
        try {
            return response().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancellationException("interrupted while waiting for the answer of a model");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LlmException llm) {
                throw llm;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
