package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Whether a request whose connection failed without an answer is tried again, and after how long: the rule that chat
 * calls ({@link HttpChatCall}) and embeddings requests ({@link HttpEmbeddings}) share. Only a request that never got on
 * the wire ({@link SendAttempt#unsent()}) is: the server cannot have received it, so another try costs nothing and
 * cannot be served twice. The tries share the call's retry budget ({@code maxRetries}), backoff and total timeout, and
 * the JVM's memory of servers given up on ({@link UnreachableEndpoints}). A try that fails once the client is closed
 * is not tried again, and does not count as the server's.
 */
final class ConnectionRetry {

    private ConnectionRetry() {
    }

    /**
     * The wait before trying again after {@code failed} ended try number {@code attempt} (0-based, counting every try of
     * the call) without an answer; otherwise throws {@code failed}. A request that may have reached the server (it
     * could be generating) is never sent again; a connection that cannot work the next time either is not tried again
     * ({@link RetryDelay#retryableBeforeSending}). After the last retry, when the next try would not have time before
     * {@code deadlineNanos} ({@link RetryDelay#leavesTime}), or at once when a call to the same base URL gave up so
     * recently, the error keeps its kind ({@code CONNECTION}) and says how often the request was tried, and why no more.
     *
     * @param last          the try that failed, or null when none was sent
     * @param tryStartNanos when the try that failed started
     */
    static Duration delayOrThrow(LlmException failed, SendAttempt last, int attempt, ClientSettings settings,
                                 long tryStartNanos, long deadlineNanos, RandomGenerator jitter) {
        URI base = settings.endpoint().baseUrl();
        if (settings.closed().get()) {
            // the client's own close failed the try: no later try can work, and the server is not to blame
            throw new LlmException(failed.kind(), failed.status(), failed.getMessage()
                    + (attempt == 0 ? "" : "; tried " + (attempt + 1) + " times") + "; the ChatClient was closed",
                    null, failed.getCause());
        }
        if (failed.kind() != Kind.CONNECTION || last == null || !last.unsent()) {
            if (last != null && !last.unsent()) {
                UnreachableEndpoints.SHARED.reached(base);
            }
            throw attempt == 0 ? failed : tried(failed, attempt + 1, "");
        }
        if (!RetryDelay.retryableBeforeSending(failed.getCause())) {
            throw attempt == 0 ? failed : tried(failed, attempt + 1, "");
        }
        String noMore = "";
        if (attempt < settings.maxRetries()) {
            Duration delay = RetryDelay.delay(attempt, Optional.empty(), settings.backoffBase(),
                    settings.backoffMax(), jitter);
            if (attempt == 0 && UnreachableEndpoints.SHARED.recentlyUnreachable(base)) {
                noMore = ", as a call to the same server gave up on it less than "
                        + UnreachableEndpoints.WINDOW.toSeconds() + " s ago";
            } else if (!RetryDelay.leavesTime(delay, tryStartNanos, deadlineNanos)) {
                noMore = ", and " + RetryDelay.noTimeLeft(settings.totalTimeout());
            } else {
                return delay;
            }
        }
        UnreachableEndpoints.SHARED.gaveUp(base);
        throw attempt == 0 && noMore.isEmpty() ? failed : tried(failed, attempt + 1, noMore);
    }

    /** {@code failed} saying the request was tried {@code times} times, and why no more ({@code why}). */
    private static LlmException tried(LlmException failed, int times, String why) {
        return new LlmException(failed.kind(), failed.status(), failed.getMessage() + "; tried "
                + (times == 1 ? "once" : times + " times") + why, null, failed.getCause());
    }
}
