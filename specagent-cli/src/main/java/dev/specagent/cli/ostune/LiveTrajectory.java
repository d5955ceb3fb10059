package dev.specagent.cli.ostune;

import dev.specagent.core.call.Usage;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps every reading and write of a run, and what its agents spent, as it happens, passing each event on to {@code next}, so that what a run
 * had measured can still be printed when a signal (Ctrl-C) ends the JVM before the run returns its result.
 */
final class LiveTrajectory implements LossyListener {

    private final LossyListener next;
    private final List<MetricSample> samples = new ArrayList<>();
    private final List<KnobWrite> writes = new ArrayList<>();
    private Usage spent = Usage.ZERO;

    LiveTrajectory(LossyListener next) {
        this.next = Objects.requireNonNull(next);
    }

    @Override
    public void onSample(MetricSample sample) {
        synchronized (this) {
            samples.add(sample);
        }
        next.onSample(sample);
    }

    @Override
    public void onWrite(KnobWrite write) {
        synchronized (this) {
            writes.add(write);
        }
        next.onWrite(write);
    }

    @Override
    public void onAgentFailure(WriteSource source, Throwable error) {
        next.onAgentFailure(source, error);
    }

    @Override
    public void onSpent(WriteSource source, Usage usage) {
        synchronized (this) {
            spent = spent.plus(usage);
        }
        next.onSpent(source, usage);
    }

    /** What the agents' settled decisions spent so far (a decision still in flight is not counted). */
    synchronized Usage spent() {
        return spent;
    }

    /** The readings so far. */
    synchronized List<MetricSample> samples() {
        return List.copyOf(samples);
    }

    /** The writes so far. */
    synchronized List<KnobWrite> writes() {
        return List.copyOf(writes);
    }
}
