package dev.specagent.core.lossy;

import dev.specagent.core.call.Usage;

/** Observes a lossy run as it happens (progress output); called on the run's event loop. */
public interface LossyListener {

    /** A metric reading arrived. */
    default void onSample(MetricSample sample) {
    }

    /** The knob was written. */
    default void onWrite(KnobWrite write) {
    }

    /** An agent failed to decide; the run goes on. */
    default void onAgentFailure(WriteSource source, Throwable error) {
    }

    /**
     * An agent's decision settled (written, dropped, failed or cancelled) having spent {@code usage}, so that
     * what a run paid is known even when it never returns its result (Ctrl-C).
     */
    default void onSpent(WriteSource source, Usage usage) {
    }

    /** Listens to nothing. */
    LossyListener NONE = new LossyListener() {
    };
}
