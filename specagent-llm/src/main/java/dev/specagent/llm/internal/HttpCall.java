package dev.specagent.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.Usage;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a chat call ({@link HttpChatCall}) and an embeddings request ({@link HttpEmbeddings}) share as cancellable
 * calls: the request they POST ({@link #post}), the answer to complete, the connection of the current try
 * ({@link CallConnection}), the rule that the first of completion, failure and cancellation wins ({@link #done}),
 * and only the winner records the call's end, the wait before a retry ({@link #waitToRetry}), and what a call that
 * is cancelled or fails is charged ({@link #spentSoFar()}: docs/llm.md, "When the prompt is charged").
 *
 * @param <T> the answer
 */
abstract class HttpCall<T> implements LlmCall<T> {

    /** How a call waits before trying again; {@link Thread#sleep(Duration)} but in tests. */
    @FunctionalInterface
    interface RetryWait {
        void sleep(Duration delay) throws InterruptedException;
    }

    final ClientSettings settings;
    /** The request's model, which its failures name and its spend is priced by. */
    final String model;
    final URI url;
    /** The client's estimate of the prompt's tokens ({@link TokenEstimate}). */
    final long estimatedPrompt;
    final CompletableFuture<T> result = new CompletableFuture<>();
    /** Set by the first of completion, failure and cancellation. */
    final AtomicBoolean done = new AtomicBoolean();
    final CallConnection connection = new CallConnection();
    /** What the call consumed, once it ended. */
    volatile Usage finalUsage;
    /** The server's usage, once an accepted answer brought one. */
    volatile JsonNode reportedUsage;
    /** The status of the last answer, 0 before the first. */
    volatile int lastStatus;
    /** The failure the call is waiting to retry, or null when it is not waiting. */
    volatile LlmException waitingAfter;
    /** Set before the call runs. */
    RetryWait retryWait = Thread::sleep;

    HttpCall(ClientSettings settings, String model, URI url, long estimatedPrompt) {
        this.settings = settings;
        this.model = model;
        this.url = url;
        this.estimatedPrompt = estimatedPrompt;
    }

    /**
     * Notes that the call runs on this thread, which a cancel interrupts from now on; false when it was cancelled
     * before (that cancel found no thread to interrupt), and the thread must end without waiting for anything.
     */
    final boolean runsOnThisThread() {
        connection.runsOn(Thread.currentThread());
        return !done.get();
    }

    /**
     * Throws when the call has ended (cancelled, failed) or its client was closed, which may not have ended this call
     * yet: no try may start or go on then.
     */
    final void throwIfEnded() {
        if (done.get()) {
            throw new CancellationException("cancelled");
        }
        if (settings.closed().get()) {
            throw ClientCalls.closedError();
        }
    }

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

    /**
     * What the call has consumed: once it ended, what it was charged; before, the server's usage if an accepted
     * answer brought it, else the estimated prompt, when the current try's request was on the wire and not rejected
     * ({@link SendAttempt#charged()}) or tokens were generated, plus the tokens generated so far. A cancel and a
     * failure charge this, a chat call and an embeddings request alike.
     */
    @Override
    public final Usage spentSoFar() {
        Usage end = finalUsage;
        if (end != null) {
            return end;
        }
        JsonNode usage = reportedUsage;
        if (usage != null && usage.isObject()) {
            try {
                return priced(usage);
            } catch (LlmException malformed) {
                // the server's usage is unusable: estimate as if it had sent none
            }
        }
        long generated = generatedTokens();
        SendAttempt sent = connection.attempt();
        long prompt = generated > 0 || sent != null && sent.charged() ? estimatedPrompt : 0;
        return settings.prices().priceOf(model).price(prompt, 0, generated);
    }

    /** The tokens generated so far, counted by the client (0 for a request that generates none). */
    long generatedTokens() {
        return 0;
    }

    /**
     * The server's {@code usage} object, priced.
     *
     * @throws LlmException when a count is not a whole number of tokens ({@link TokenCount})
     */
    final Usage priced(JsonNode usage) {
        long prompt;
        long completion;
        long cached;
        try {
            prompt = TokenCount.of(usage, "prompt_tokens");
            completion = TokenCount.of(usage, "completion_tokens");
            cached = TokenCount.of(usage, "prompt_tokens_details.cached_tokens");
        } catch (IllegalArgumentException e) {
            throw new LlmException(Kind.MALFORMED_RESPONSE, lastStatus, url + " reported " + e.getMessage() + ": "
                    + WireFormat.abbreviate(usage.toString()), null, null);
        }
        return settings.prices().priceOf(model).price(prompt, cached, completion);
    }

    /** An accepted answer whose body is an OpenAI error object ({@code {"error": …}}): the server's error, not a malformed answer. */
    final LlmException answeredWithError(String body) {
        return new LlmException(Kind.SERVER_ERROR, lastStatus, url + " answered with an error: "
                + WireFormat.errorMessage(body), null, null);
    }

    /**
     * Ends the call with {@code error}, unless it already ended: settles whether the current try's request was sent,
     * closes the connection, charges what the call spent ({@link #spentSoFar()}), names the model in the error
     * ({@link #withModel}) and records the failure.
     */
    final void fail(LlmException error) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        connection.stopSending();
        connection.close();
        Usage spent = Usage.ZERO;
        try {
            spent = spentSoFar();
        } catch (RuntimeException e) {
            // the result must complete whatever the spend's computation does
        }
        finalUsage = spent;
        LlmException named = withModel(error, model, spent);
        record("failed", named.getMessage(), spent);
        result.completeExceptionally(named);
    }

    /**
     * Waits {@code delay} before trying again after {@code failed}; {@link #waitingAfter} says so meanwhile. A wait
     * that overruns the total timeout (a retry is only attempted with time left, {@link RetryDelay#leavesTime}) ends
     * the call with {@code failed}, keeping its kind ({@link RetryDelay#passedWhileWaiting}).
     */
    final void waitToRetry(Duration delay, LlmException failed) throws InterruptedException {
        waitingAfter = failed;
        try {
            retryWait.sleep(delay);
        } finally {
            waitingAfter = null;
        }
    }

    /**
     * A POST of {@code sending}'s body to {@link #url} accepting {@code accept}, with the client's key and headers; a
     * header of the client's replaces the one of its name (in any case) set here, the key's {@code Authorization}
     * included, rather than being sent beside it.
     */
    final HttpRequest.Builder post(SendAttempt sending, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(sending.body());
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        settings.headers().forEach(request::setHeader);
        return request;
    }

    /** Records to the trace, if any, that the call ended with {@code outcome} having consumed {@code spent}. */
    abstract void record(String outcome, String error, Usage spent);

    private void recordCancel(Usage spent) {
        record("cancelled", "cancelled by the caller", spent);
    }

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
