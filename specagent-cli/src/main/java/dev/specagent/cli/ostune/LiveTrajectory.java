package dev.specagent.cli.ostune;

import dev.specagent.core.call.Usage;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.LossyListener;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.WriteSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Keeps every reading and write of a run, and what its agents spent, as it happens, passing each event on to {@code next}, so that what a run
 * had measured can still be printed when a signal (Ctrl-C) ends the JVM before the run returns its result.
 */
final class LiveTrajectory implements LossyListener {

    private final LossyListener next;
    private final List<MetricSample> samples = new ArrayList<>();
    private final List<KnobWrite> writes = new ArrayList<>();
    private final Map<WriteSource, Usage> spent = new EnumMap<>(WriteSource.class);

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
            spent.merge(source, usage, Usage::plus);
        }
        next.onSpent(source, usage);
    }

    /** What the settled decisions of the agents {@code of} picks spent so far (a decision still in flight is not counted). */
    synchronized Usage spent(Predicate<WriteSource> of) {
        return spent.entrySet().stream().filter(e -> of.test(e.getKey())).map(Map.Entry::getValue)
                .reduce(Usage.ZERO, Usage::plus);
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
