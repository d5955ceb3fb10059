package dev.specagent.envs.ostune;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.lossy.ControlledSystem;
import dev.specagent.envs.ostune.knob.Knob;
import dev.specagent.envs.ostune.knob.KnobGuard;
import dev.specagent.envs.ostune.workload.Workload;

import java.util.Objects;

/**
 * A knob and the workload that measures it, as one {@link ControlledSystem}. The knob's original value
 * is read when this is made and comes back on {@link #close()} and, should the JVM stop first
 * (Ctrl-C), from a shutdown hook ({@link KnobGuard}); the workload is stopped the same way.
 */
public final class OsTuneSystem implements ControlledSystem {

    private final Knob knob;
    private final Workload workload;
    private final KnobGuard guard;

    public OsTuneSystem(Knob knob, Workload workload) {
        this.knob = Objects.requireNonNull(knob, "knob");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.guard = new KnobGuard(knob);
    }

    /** The knob's value before anything was written. */
    public double originalValue() {
        return guard.original();
    }

    public Knob knob() {
        return knob;
    }

    public Workload workload() {
        return workload;
    }

    @Override
    public String knobName() {
        return knob.name();
    }

    @Override
    public String knobUnit() {
        return knob.unit();
    }

    @Override
    public double read() {
        return knob.read();
    }

    @Override
    public double write(double value) {
        return guard.write(value);
    }

    @Override
    public void start(Clock clock, Sink sink) {
        workload.start(clock, sink);
    }

    @Override
    public long readingIntervalNanos() {
        return workload.readingIntervalNanos();
    }

    @Override
    public void close() {
        try {
            workload.stop();
        } finally {
            guard.close();
        }
    }
}
