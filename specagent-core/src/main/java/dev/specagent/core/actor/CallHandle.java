package dev.specagent.core.actor;

import dev.specagent.core.call.Usage;

/**
 * A call in flight. {@link #cancel()} must stop the real work (close the HTTP stream, send
 * {@code stop} to the engine, remove the simulated completion), not only stop waiting for it, and
 * must be idempotent and safe to call from the runner's event loop without blocking for long. It must not throw,
 * and returns a usage, never null: a cancel that throws or returns null fails the run, naming the call.
 */
public interface CallHandle {

    /**
     * Cancels the call and returns what it had consumed up to now (for an LLM: the prompt tokens and
     * the generated tokens received so far). After this returns the call's completion is ignored.
     *
     * <p>A call that has already taken effect when the cancel comes (a write applied) should have
     * reported by the time this returns (for instance by finishing and reporting under the lock that
     * this method takes): the runner then handles that report, even when it cancelled the call because
     * it timed out, instead of retrying a write that happened.
     */
    Usage cancel();

    /**
     * Tells a speculative call (one started with {@link CallContext#speculative()} true) that the runner adopted it:
     * the committed path reached its call, so its result is now the committed path's next step and the path waits
     * for it. A call that shares a bounded resource with speculative work (a pool of engine processes, a rate limit)
     * should from now on be served like a committed call. Called at most once, on the runner's event loop, only while
     * the call runs (not after it reported, unless it reports from another thread at that very moment); must not
     * block or throw. By default nothing happens.
     */
    default void adopted() {
    }

    /** A handle for work that has already ended or cannot be stopped and costs nothing. */
    CallHandle NONE = () -> Usage.ZERO;
}
