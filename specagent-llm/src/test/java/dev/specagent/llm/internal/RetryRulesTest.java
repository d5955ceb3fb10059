package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmEndpoint;
import dev.specagent.llm.client.LlmException;
import dev.specagent.llm.client.LlmException.Kind;
import dev.specagent.llm.price.PriceTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry rules without a server: jitter bounds, Retry-After, the time a retry needs, and the failures' wording. */
class RetryRulesTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);
    /** Draws 0, the lowest jitter. */
    private static final RandomGenerator LOWEST = () -> 0L;
    /** Draws just below 1, the highest jitter. */
    private static final RandomGenerator HIGHEST = () -> -1L;

    @Test
    void theJitterSpansHalfTheBackoffToAllOfIt() {
        assertThat(RetryDelay.delay(2, Optional.empty(), BASE, MAX, LOWEST)).isEqualTo(Duration.ofMillis(200));
        assertThat(RetryDelay.delay(2, Optional.empty(), BASE, MAX, HIGHEST))
                .isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
        assertThat(RetryDelay.delay(40, Optional.empty(), BASE, MAX, HIGHEST)).isBetween(MAX.minusMillis(1), MAX);
    }

    @Test
    void aRetryAfterOfZeroMeansAtOnce() {
        assertThat(RetryDelay.parseRetryAfter("0")).contains(Duration.ZERO);
        assertThat(RetryDelay.delay(3, Optional.of("0"), BASE, MAX, HIGHEST)).isEqualTo(Duration.ZERO);
        assertThat(RetryDelay.parseRetryAfter("-1")).isEmpty();
    }

    /**
     * A {@code Retry-After: NaN} (a JavaScript server's {@code String(undefined / 1000)}) is no delay the server asked
     * for, so the backoff applies: it was read as 0, and a rate-limited call was tried again at once, every retry.
     */
    @Test
    void aRetryAfterThatIsNotANumberIsIgnored() {
        assertThat(RetryDelay.parseRetryAfter("NaN")).isEmpty();
        assertThat(RetryDelay.delay(2, Optional.of("NaN"), BASE, MAX, LOWEST)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void every5xxIsRetriedAndOther4xxAreNot() {
        assertThat(RetryDelay.retryable(500)).isTrue();
        assertThat(RetryDelay.retryable(408)).isTrue();
        assertThat(RetryDelay.retryable(499)).isFalse();
        assertThat(RetryDelay.retryable(404)).isFalse();
    }

    /** A failure whose causes loop (a library can build one with initCause) is answered, not walked forever. */
    @Test
    void aCauseChainThatLoopsIsRetryableAndEnds() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        assertThat(RetryDelay.retryableBeforeSending(a)).isTrue();
    }

    @Test
    void aRetryNeedsTheDelayPlusAsLongAsTheFailedTryTook() {
        long now = System.nanoTime();
        long second = Duration.ofSeconds(1).toNanos();
        assertThat(RetryDelay.leavesTime(Duration.ofSeconds(1), now, now + 60 * second)).isTrue();
        assertThat(RetryDelay.leavesTime(Duration.ofSeconds(2), now, now + second)).isFalse();
        // the try took 50 s: with a 2 s delay, 52 s are needed and 55 s are left
        assertThat(RetryDelay.leavesTime(Duration.ofSeconds(2), now - 50 * second, now + 55 * second)).isTrue();
        // the try took 50 s: 52 s needed, 40 s left
        assertThat(RetryDelay.leavesTime(Duration.ofSeconds(2), now - 50 * second, now + 40 * second)).isFalse();
    }

    /** A proxy's 401 or 407 often has no body: the message said "HTTP 401 from URL: " and ended there. */
    @Test
    void anErrorWithAnEmptyBodySaysSo() {
        URI url = URI.create("http://127.0.0.1:9/v1/chat/completions");
        assertThat(StatusRetry.failure(url, 401, headers(Map.of()), " \n", 0)).hasMessage("HTTP 401 from " + url
                + ", with an empty body");
        assertThat(StatusRetry.failure(url, 503, headers(Map.of()), "", 2)).hasMessage("HTTP 503 from " + url
                + " (after 2 retries), with an empty body");
    }

    @Test
    void aRetryWithoutTimeEndsWithTheAnswersErrorSayingWhy() {
        URI url = URI.create("http://127.0.0.1:9/v1/chat/completions");
        LlmException failed = StatusRetry.failure(url, 503, headers(Map.of()), "{\"error\": {\"message\": \"overloaded\"}}", 1);
        assertThat(failed.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(failed).hasMessage("HTTP 503 from " + url + " (after 1 retries): overloaded");
        assertThat(StatusRetry.failure(url, 404, headers(Map.of()), "no such model", 0)).hasMessage("HTTP 404 from " + url
                + ": no such model").extracting(e -> ((LlmException) e).kind()).isEqualTo(Kind.CLIENT_ERROR);
        long now = System.nanoTime();
        assertThatThrownBy(() -> StatusRetry.delayOrThrow(failed, headers(Map.of()), 1, settings(3), now, now,
                new Random(1)))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
                    assertThat(e.status()).isEqualTo(503);
                })
                .hasMessage("HTTP 503 from " + url + " (after 1 retries): overloaded; another try would not have "
                        + "time before the total timeout of 30000 ms");
        assertThat(StatusRetry.delayOrThrow(failed, headers(Map.of("retry-after", "1")), 1, settings(3), now,
                now + Duration.ofMinutes(1).toNanos(), new Random(1))).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> StatusRetry.delayOrThrow(failed, headers(Map.of()), 3, settings(3), now,
                now + Duration.ofMinutes(1).toNanos(), new Random(1))).isSameAs(failed);
    }

    @Test
    void aFailureTheTimeoutPassedOnKeepsItsKindStatusAndCause() {
        IOException cause = new IOException("reset");
        LlmException last = new LlmException(Kind.CONNECTION, 0, "connection reset", null, cause);
        LlmException passed = RetryDelay.passedWhileWaiting(last, Duration.ofSeconds(5));
        assertThat(passed.kind()).isEqualTo(Kind.CONNECTION);
        assertThat(passed.status()).isZero();
        assertThat(passed.getCause()).isSameAs(cause);
        assertThat(passed).hasMessage("connection reset; the total timeout of 5000 ms passed while waiting to try again");
    }

    private static ClientSettings settings(int maxRetries) {
        return new ClientSettings(null, LlmEndpoint.of("http://127.0.0.1:9/v1", "m"), null, Map.of(),
                PriceTable.builtIn(), null, Duration.ofSeconds(10), Duration.ofSeconds(30), maxRetries, BASE, MAX, null,
                1, 1 << 20, Duration.ofSeconds(1));
    }

    private static java.net.http.HttpHeaders headers(Map<String, String> values) {
        Map<String, java.util.List<String>> lists = new java.util.HashMap<>();
        values.forEach((k, v) -> lists.put(k, java.util.List.of(v)));
        return java.net.http.HttpHeaders.of(lists, (k, v) -> true);
    }
}
