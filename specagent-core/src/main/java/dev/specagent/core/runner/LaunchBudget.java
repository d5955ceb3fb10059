package dev.specagent.core.runner;

import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Usage;

/**
 * A run's attempts in flight and its speculative spend, against its {@link RunLimits}: every attempt (a committed
 * call, a branch, a speculator's proposal) counts against {@link RunLimits#maxInFlight()} while it runs; a speculative
 * one reserves its estimated maximum cost while it runs and, once it ended, counts what it actually cost as spent, so
 * that spent plus reserved never exceeds {@link RunLimits#maxSpeculativeCostUsd()}. Confined to the event loop.
 */
final class LaunchBudget {

    /** The limit that keeps a speculative launch from starting. */
    enum Limit {
        /** {@link RunLimits#maxInFlight()} attempts are in flight. */
        IN_FLIGHT,
        /** Its estimated maximum cost, added to the spent and the reserved, would exceed the speculative budget. */
        SPEND
    }

    private final RunLimits limits;
    private int inFlight;
    private double speculativeSpentUsd;
    private double speculativeReservedUsd;
    /**
     * Attempts in flight whose estimate gives no bound (an infinite maximum cost), kept apart from the sum: taking an
     * infinite reservation back from it would leave NaN, which refuses every later launch even under no budget.
     */
    private int unboundedReservations;

    LaunchBudget(RunLimits limits) {
        this.limits = limits;
    }

    /**
     * The limit a speculative launch of {@code estimate} would break if it started now, the in-flight cap first; null
     * when it fits. Counts nothing: the runner knows which launch it is ({@link LeftOutLaunches}).
     */
    Limit refusal(Estimate estimate) {
        if (inFlight >= limits.maxInFlight()) {
            return Limit.IN_FLIGHT;
        }
        double reserved = unboundedReservations > 0 ? Double.POSITIVE_INFINITY : speculativeReservedUsd;
        return speculativeSpentUsd + reserved + estimate.maxCostUsd() <= limits.maxSpeculativeCostUsd()
                ? null : Limit.SPEND;
    }

    /** A committed-path call started. */
    void callStarted() {
        inFlight++;
    }

    /** A committed-path call ended. */
    void callEnded() {
        inFlight--;
    }

    /** A speculative attempt started, reserving {@code reservedUsd} (its estimated maximum cost) until it ends. */
    void speculationStarted(double reservedUsd) {
        inFlight++;
        if (reservedUsd == Double.POSITIVE_INFINITY) {
            unboundedReservations++;
        } else {
            speculativeReservedUsd += reservedUsd;
        }
    }

    /** A speculative attempt that reserved {@code reservedUsd} ended, having cost {@code usage}. */
    void speculationEnded(double reservedUsd, Usage usage) {
        inFlight--;
        if (reservedUsd == Double.POSITIVE_INFINITY) {
            unboundedReservations--;
        } else {
            speculativeReservedUsd -= reservedUsd;
        }
        speculativeSpentUsd += usage.costUsd();
    }

    int inFlight() {
        return inFlight;
    }
}
