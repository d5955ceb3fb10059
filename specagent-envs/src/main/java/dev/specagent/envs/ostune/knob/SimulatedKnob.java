package dev.specagent.envs.ostune.knob;

import dev.specagent.core.lossy.SafetyEnvelope;

/**
 * A knob in memory, standing for CFS's {@code min_granularity} in milliseconds, for tests and for
 * machines where no kernel knob may be written. Paired with
 * {@link dev.specagent.envs.ostune.workload.SimulatedWorkload}. Thread-safe.
 */
public final class SimulatedKnob implements Knob {

    /** The envelope: 0.5–100 ms, at most 50 ms per write. */
    public static final SafetyEnvelope ENVELOPE = new SafetyEnvelope(0.5, 100, 50);
    /** The value before any run, like an untuned default. */
    public static final double DEFAULT_VALUE = 24;

    private volatile double value;

    public SimulatedKnob() {
        this(DEFAULT_VALUE);
    }

    /**
     * A knob holding {@code initial}.
     *
     * @throws IllegalArgumentException when {@code initial} is not finite: a guard would take it for the original and could
     *                                  never write it back
     */
    public SimulatedKnob(double initial) {
        if (!Double.isFinite(initial)) {
            throw new IllegalArgumentException(name() + ": the initial value must be finite, got " + initial);
        }
        this.value = initial;
    }

    @Override
    public String name() {
        return "simulated_min_granularity_ms";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public double read() {
        return value;
    }

    @Override
    public double write(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name() + ": cannot write " + v);
        }
        value = v;
        return v;
    }

    @Override
    public SafetyEnvelope defaultEnvelope() {
        return ENVELOPE;
    }

    @Override
    public double badValue() {
        return 40;
    }

    @Override
    public boolean isReal() {
        return false;
    }

    @Override
    public String toString() {
        return name() + " (simulated)";
    }
}
