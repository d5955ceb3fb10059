package dev.specagent.core.runner;

import dev.specagent.core.clock.Clock;

import java.time.Duration;

/**
 * Bounds a run never exceeds.
 *
 * @param maxInFlight           most call attempts (actor, branch and speculator) in flight at once; at least 1
 *                              (64 by default). The committed call always starts; speculation that does not fit is
 *                              left out (a value's sibling guesses before the branches below them) and counted in
 *                              {@link RunResult#cappedLaunches()}
 * @param maxSpeculativeCostUsd most money spent on speculation (branches and speculator calls) in one
 *                              run, counting each in-flight call at its estimated maximum cost; speculation that
 *                              does not fit is left out and counted in {@link RunResult#overBudgetLaunches()}
 * @param maxAttempts           attempts of one committed call before the run fails (1 = no retry)
 * @param callTimeoutNanos      an attempt (an actor call or a speculator's proposal) running longer is cancelled and
 *                              counts as failed, a proposal as one without guesses; 0 = none, else at least
 *                              {@link Clock#MIN_CALL_TIMEOUT_NANOS} (1 ms), so that milliseconds or seconds given
 *                              here by mistake are refused rather than taken as nanoseconds; one past the clock's
 *                              range ({@code Long.MAX_VALUE}) never expires ({@link Clock#withinRange})
 */
public record RunLimits(int maxInFlight, double maxSpeculativeCostUsd, int maxAttempts, long callTimeoutNanos) {

    public static final RunLimits DEFAULT = new RunLimits(64, Double.POSITIVE_INFINITY, 3, 0);

    public RunLimits {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        if (!(maxSpeculativeCostUsd >= 0)) {
            throw new IllegalArgumentException("maxSpeculativeCostUsd must be >= 0, got " + maxSpeculativeCostUsd);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Clock.checkCallTimeoutNanos("callTimeoutNanos", callTimeoutNanos);
    }

    public RunLimits withMaxInFlight(int n) {
        return new RunLimits(n, maxSpeculativeCostUsd, maxAttempts, callTimeoutNanos);
    }

    public RunLimits withMaxSpeculativeCostUsd(double usd) {
        return new RunLimits(maxInFlight, usd, maxAttempts, callTimeoutNanos);
    }

    public RunLimits withMaxAttempts(int n) {
        return new RunLimits(maxInFlight, maxSpeculativeCostUsd, n, callTimeoutNanos);
    }

    /**
     * These limits with a call timeout in <b>nanoseconds</b> (0 = none); prefer {@link #withCallTimeout(Duration)},
     * which cannot be given milliseconds by mistake.
     *
     * @throws IllegalArgumentException when {@code nanos} is negative, or positive and below
     *                                  {@link Clock#MIN_CALL_TIMEOUT_NANOS} (1 ms)
     */
    public RunLimits withCallTimeoutNanos(long nanos) {
        return new RunLimits(maxInFlight, maxSpeculativeCostUsd, maxAttempts, nanos);
    }

    /**
     * These limits with a call timeout: an attempt running longer is cancelled and counts as failed;
     * {@link Duration#ZERO} means none, as 0 does for {@link #withCallTimeoutNanos}.
     *
     * @throws IllegalArgumentException when {@code timeout} is negative, positive and below 1 ms, or too long to
     *                                  count in nanoseconds (292 years)
     * @throws NullPointerException     when {@code timeout} is null
     */
    public RunLimits withCallTimeout(Duration timeout) {
        return withCallTimeoutNanos(Clock.callTimeoutNanos(timeout));
    }
}
