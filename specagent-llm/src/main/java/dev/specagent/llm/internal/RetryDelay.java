package dev.specagent.llm.internal;

import javax.net.ssl.SSLException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What is worth retrying (a 429, 408 or 5xx answer; a connection that failed before its request was on the wire), and
 * how long to wait first: the server's {@code Retry-After} (seconds or an HTTP date) when it sent one, capped at
 * {@code max}; otherwise exponential backoff {@code base * 2^attempt} capped at {@code max}, with full jitter (a
 * uniform draw in [d/2, d]).
 */
public final class RetryDelay {

    private RetryDelay() {
    }

    /** Whether an HTTP status is worth retrying. */
    public static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
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

    /** The {@code Retry-After} header value as a duration (delta-seconds, fractional allowed, or an HTTP date). */
    public static Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
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
