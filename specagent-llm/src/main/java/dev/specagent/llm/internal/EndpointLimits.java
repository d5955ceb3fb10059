package dev.specagent.llm.internal;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * One concurrency limit per endpoint base URL, shared by every client of that endpoint in the JVM
 * that asks for the same number of permits (clients asking for different limits of one endpoint
 * get separate semaphores: each limit holds for the clients that chose it).
 *
 * <p>A limit lives as long as a client or call holds it: once no client of that endpoint and limit is left, it is
 * forgotten (a permit is only ever held by a call, which holds its semaphore), so a long-running process that builds
 * clients for many base URLs keeps the limits of the clients it still has, not one per URL it ever called.
 */
public final class EndpointLimits {

    private static final ConcurrentMap<String, WeakReference<Semaphore>> LIMITS = new ConcurrentHashMap<>();

    private EndpointLimits() {
    }

    /** The semaphore of {@code baseUrl} with {@code permits} permits. */
    public static Semaphore of(URI baseUrl, int permits) {
        LIMITS.values().removeIf(held -> held.get() == null);
        Semaphore[] limit = new Semaphore[1];
        LIMITS.compute(baseUrl + "#" + permits, (key, held) -> {
            limit[0] = held == null ? null : held.get();
            if (limit[0] == null) {
                limit[0] = new Semaphore(permits, true);
                return new WeakReference<>(limit[0]);
            }
            return held;
        });
        return limit[0];
    }

    /** How many limits are remembered, those no client holds any more but not yet forgotten included. */
    static int remembered() {
        return LIMITS.size();
    }
}
