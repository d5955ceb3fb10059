package dev.specagent.core.planning;

/**
 * The first breach of the {@link StepAgent} contract in one plan (a null handle, a cancel that throws or returns
 * null, a report with a null usage, blocking work on a clock that refuses it): the plan stops once the event that
 * broke it has finished its bookkeeping, and fails with this breach. Later breaches are ignored. Loop-confined.
 */
final class ContractBreach {

    private IllegalStateException first;

    /** Records a breach, described by {@code message}; {@code cause} is what the agent threw, or null. */
    void record(String message, Throwable cause) {
        if (first == null) {
            first = new IllegalStateException(message, cause);
        }
    }

    /** Whether an agent has broken its contract in this plan. */
    boolean happened() {
        return first != null;
    }

    /** The plan's failure: the first breach, or null when none happened. */
    IllegalStateException failure() {
        return first;
    }
}
