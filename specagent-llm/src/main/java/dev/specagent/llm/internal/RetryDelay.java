package dev.specagent.llm.internal;

import dev.specagent.llm.client.LlmException;

import javax.net.ssl.SSLException;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What is worth retrying (a 408, 409, 429 or 5xx answer, as the official OpenAI SDKs retry; a connection that failed before its request was on the wire), and
 * how long to wait first: the server's {@code retry-after-ms} or {@code Retry-After} (seconds or an HTTP date) when it
 * sent one ({@link #retryAfter}), capped at
 * {@code max}; otherwise exponential backoff {@code base * 2^attempt} capped at {@code max}, with full jitter (a
 * uniform draw in [d/2, d]).
 */
public final class RetryDelay {

    private RetryDelay() {
    }

    /** Whether an HTTP status is worth retrying: a request timeout, a lock timeout (409), a rate limit or a server error. */
    public static boolean retryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /**
     * Whether a connection that failed before its request was on the wire is worth trying again: a refused or timed-out
     * connect, a reset or close while sending are (a server restarting, a network blip, a stale connection). A host
     * that does not resolve is not (the JVM caches the failed lookup for 10 s, longer than the backoff), nor a failed
     * TLS handshake (an untrusted certificate or a server that does not speak TLS fails the same way again).
     */
    public static boolean retryableBeforeSending(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException
                    || t instanceof SSLException) {
                return false;
            }
        }
        return true;
    }

    /** The delay before retry number {@code attempt} (0-based). */
    public static Duration delay(int attempt, Optional<String> retryAfter, Duration base, Duration max,
                                 RandomGenerator random) {
        Optional<Duration> server = retryAfter.flatMap(RetryDelay::parseRetryAfter);
        if (server.isPresent()) {
            return server.get().compareTo(max) > 0 ? max : server.get();
        }
        double nanos = Math.min(max.toNanos(), base.toNanos() * Math.pow(2, Math.min(attempt, 30)));
        return Duration.ofNanos((long) (nanos / 2 + random.nextDouble() * nanos / 2));
    }

    /**
     * Whether a try after waiting {@code delay} from now would still have time before {@code deadlineNanos}: at least
     * as long as the failed try took (from {@code tryStartNanos} to now), so that it can fail the same way, or be
     * answered, before the deadline. A retry without that time is not attempted: it could only end as a timeout, and
     * the call ends with the failure it would have retried instead.
     */
    static boolean leavesTime(Duration delay, long tryStartNanos, long deadlineNanos) {
        long now = System.nanoTime();
        return deadlineNanos - now - delay.toNanos() - (now - tryStartNanos) > 0;
    }

    /** Why a retry was not attempted ({@link #leavesTime}), in words that follow a failure's. */
    static String noTimeLeft(Duration totalTimeout) {
        return "another try would not have time before the total timeout of " + totalTimeout.toMillis() + " ms";
    }

    /**
     * {@code last}, the failure a call was waiting to retry when its total timeout passed (a wait that overran), keeping
     * its kind: the call ends with its last real failure, not as a timeout.
     */
    static LlmException passedWhileWaiting(LlmException last, Duration totalTimeout) {
        return new LlmException(last.kind(), last.status(), last.getMessage() + "; the total timeout of "
                + totalTimeout.toMillis() + " ms passed while waiting to try again", null, last.getCause());
    }

    /**
     * When the server asks to be tried again, in {@code Retry-After}'s form: its {@code retry-after-ms} (milliseconds,
     * Azure OpenAI's header, which the official SDKs read first) when that is a number of 0 or more, else its
     * {@code Retry-After}; empty when it sent neither.
     */
    public static Optional<String> retryAfter(HttpHeaders headers) {
        Optional<String> millis = headers.firstValue("retry-after-ms").flatMap(RetryDelay::seconds);
        return millis.isPresent() ? millis : headers.firstValue("retry-after");
    }

    private static Optional<String> seconds(String millis) {
        try {
            double ms = Double.parseDouble(millis.strip());
            return ms >= 0 && ms < Double.POSITIVE_INFINITY ? Optional.of(Double.toString(ms / 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code Retry-After} header value as a duration (delta-seconds, fractional allowed, or an HTTP date); empty
     * for a negative number or {@code NaN} (a JavaScript server's undefined delay), which the backoff replaces.
     */
    public static Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            return !(seconds >= 0) ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
