package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Whether a request answered with an error status is tried again, and after how long: the rule that chat calls
 * ({@link HttpChatCall}) and embeddings requests ({@link HttpEmbeddings}) share. A 408, 409, 429 or 5xx is retried within
 * the call's {@code maxRetries} (or any status the server marks {@code x-should-retry: true}, none it marks
 * {@code false}: {@link #worthRetrying}), after the backoff or the server's {@code Retry-After} ({@link RetryDelay}), when the
 * retry would have time before the total timeout ({@link RetryDelay#leavesTime}); otherwise the call ends with the
 * answer's error: {@code SERVER_ERROR} (or {@code CLIENT_ERROR} for another 4xx), never a timeout it would run into.
 */
final class StatusRetry {

    private StatusRetry() {
    }

    /**
     * Whether an answer with {@code status} is worth another try: as the server says in {@code x-should-retry}
     * ({@code true} or {@code false}: OpenAI's header, which the official SDKs obey, e.g. {@code false} on an error
     * that would fail again), else when the status is retryable ({@link RetryDelay#retryable}).
     */
    static boolean worthRetrying(int status, HttpHeaders headers) {
        Optional<String> says = headers.firstValue("x-should-retry").map(String::strip);
        if (says.filter("true"::equalsIgnoreCase).isPresent()) {
            return true;
        }
        return says.filter("false"::equalsIgnoreCase).isEmpty() && RetryDelay.retryable(status);
    }

    /**
     * The failure of try number {@code attempt} (0-based) to {@code url}, answered {@code status} with {@code headers}
     * and {@code errorText}, whose message it quotes, or says the body was empty. A redirect (3xx) names where it
     * points ({@link #redirect}).
     */
    static LlmException failure(URI url, int status, HttpHeaders headers, String errorText, int attempt) {
        String said = WireFormat.errorMessage(errorText);
        return new LlmException(RetryDelay.retryable(status) ? Kind.SERVER_ERROR : Kind.CLIENT_ERROR, status, "HTTP "
                + status + " from " + url + (attempt > 0 ? " (after " + attempt + " retries)" : "")
                + redirect(status, headers) + (said.isBlank() ? ", with an empty body" : ": " + said), null, null);
    }

    /**
     * For a redirect (3xx) with a {@code Location}, what the user needs to fix the endpoint: where it points (an
     * {@code http} URL moved to {@code https}, a base URL without {@code /v1}), which the client does not follow (a
     * POST redirected may be replayed as a GET, and the key would go to another host); otherwise nothing.
     */
    private static String redirect(int status, HttpHeaders headers) {
        if (status / 100 != 3) {
            return "";
        }
        return headers.firstValue("location").map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> ", redirecting to " + WireFormat.abbreviate(l) + " (the client does not follow redirects: "
                        + "give the endpoint as the URL the server names)").orElse("");
    }

    /**
     * The wait before trying again after {@code failed} ({@link #failure}) ended try number {@code attempt} (0-based),
     * started at {@code tryStartNanos}; otherwise throws {@code failed}, saying so when only the time was missing.
     */
    static Duration delayOrThrow(LlmException failed, HttpHeaders headers, int attempt, ClientSettings settings,
                                 long tryStartNanos, long deadlineNanos, RandomGenerator jitter) {
        if (!worthRetrying(failed.status(), headers) || attempt >= settings.maxRetries()) {
            throw failed;
        }
        Duration delay = RetryDelay.delay(attempt, RetryDelay.retryAfter(headers), settings.backoffBase(),
                settings.backoffMax(), jitter);
        if (RetryDelay.leavesTime(delay, tryStartNanos, deadlineNanos)) {
            return delay;
        }
        throw new LlmException(failed.kind(), failed.status(), failed.getMessage() + "; "
                + RetryDelay.noTimeLeft(settings.totalTimeout()), null, null);
    }
}
