package dev.specagent.core.lossy;

import java.util.Optional;

/**
 * A lossy run failed (a knob write, the workload, an agent's contract, or closing the system failed). The system was
 * closed before this was thrown; {@link #partial()} holds everything recorded up to the failure, so nothing is lost.
 * When closing it failed too, {@link #closeFailure()} says why: what the close undoes (the knob's restore) may not be
 * undone, and nothing may claim it was.
 */
public final class LossyRunException extends RuntimeException {

    private final transient LossyResult partial;
    private final RuntimeException closeFailure;

    /** A failed run whose system was closed without error. */
    public LossyRunException(String message, Throwable cause, LossyResult partial) {
        this(message, cause, partial, null);
    }

    /**
     * A failed run; {@code closeFailure} is why closing its system failed, or null when it was closed without error. It
     * may be the {@code cause} itself (the run's only failure was its close).
     */
    public LossyRunException(String message, Throwable cause, LossyResult partial, RuntimeException closeFailure) {
        super(message, cause);
        this.partial = partial;
        this.closeFailure = closeFailure;
    }

    /** The readings, writes and ledger recorded before the failure. */
    public LossyResult partial() {
        return partial;
    }

    /**
     * Why closing the system (stopping the workload, restoring the knob) failed, or empty when it was closed without
     * error.
     */
    public Optional<RuntimeException> closeFailure() {
        return Optional.ofNullable(closeFailure);
    }
}
