package dev.specagent.llm.internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Endpoint base URLs that a call recently gave up on without getting its request out (refused, connect timed out,
 * dropped while sending, after its retries), so that the calls after it try once instead of waiting through the
 * backoff again: a command making many calls to a server that is down fails each of them at once, not after seconds
 * each. A call whose request gets on the wire, or an answer, clears the mark; so does the time passing
 * ({@link #WINDOW} after the last give-up), after which a call again gets every retry. A give-up also forgets the marks
 * older than the window, so a long-running process calling many base URLs that were down once keeps only the recent
 * ones, not one mark per URL it ever gave up on.
 */
public final class UnreachableEndpoints {

    /** How long a give-up is remembered. */
    public static final Duration WINDOW = Duration.ofSeconds(30);

    /** The marks of every client in the JVM, as the endpoint's concurrency limit is shared. */
    public static final UnreachableEndpoints SHARED = new UnreachableEndpoints(System::nanoTime, WINDOW);

    private final ConcurrentMap<URI, Long> gaveUpAt = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long windowNanos;

    /** Marks kept for {@code window} by {@code nanoClock} (nanoseconds, as {@link System#nanoTime()}). */
    public UnreachableEndpoints(LongSupplier nanoClock, Duration window) {
        this.nanoClock = nanoClock;
        this.windowNanos = window.toNanos();
    }

    /** Whether a call to {@code baseUrl} gave up unable to send its request less than the window ago. */
    public boolean recentlyUnreachable(URI baseUrl) {
        Long at = gaveUpAt.get(baseUrl);
        if (at == null) {
            return false;
        }
        if (nanoClock.getAsLong() - at < windowNanos) {
            return true;
        }
        gaveUpAt.remove(baseUrl, at);
        return false;
    }

    /** A call to {@code baseUrl} gave up: its last try could not get the request out. */
    public void gaveUp(URI baseUrl) {
        long now = nanoClock.getAsLong();
        gaveUpAt.values().removeIf(at -> now - at >= windowNanos);
        gaveUpAt.put(baseUrl, now);
    }

    /** How many base URLs are marked, expired marks not yet forgotten included. */
    int marks() {
        return gaveUpAt.size();
    }

    /** A request to {@code baseUrl} got on the wire, or an answer came. */
    public void reached(URI baseUrl) {
        gaveUpAt.remove(baseUrl);
    }
}
