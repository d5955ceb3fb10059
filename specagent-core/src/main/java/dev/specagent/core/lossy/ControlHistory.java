package dev.specagent.core.lossy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Everything a lossy run saw: the metric readings and the knob writes, in time order. The runner owns
 * it on its event loop; agents receive immutable views of it ({@link CompressedHistory},
 * {@link HybridContext}). Not thread-safe.
 */
public final class ControlHistory {

    private final List<MetricSample> samples = new ArrayList<>();
    private final List<KnobWrite> writes = new ArrayList<>();

    void add(MetricSample sample) {
        samples.add(sample);
    }

    void add(KnobWrite write) {
        writes.add(write);
    }

    /** The readings, oldest first. */
    public List<MetricSample> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** The writes, oldest first. */
    public List<KnobWrite> writes() {
        return Collections.unmodifiableList(writes);
    }

    /** The latest write of {@code source}. */
    public Optional<KnobWrite> lastWrite(WriteSource source) {
        int i = lastIndexOf(source);
        return i < 0 ? Optional.empty() : Optional.of(writes.get(i));
    }

    /**
     * The writes made after the latest write of {@code source}, oldest first; all the writes when it never wrote.
     * "After" is by the order of the writes, so a write at the same instant that {@code source}'s overwrote is not one.
     */
    public List<KnobWrite> writesAfterLast(WriteSource source) {
        return Collections.unmodifiableList(writes.subList(lastIndexOf(source) + 1, writes.size()));
    }

    private int lastIndexOf(WriteSource source) {
        for (int i = writes.size() - 1; i >= 0; i--) {
            if (writes.get(i).source() == source) {
                return i;
            }
        }
        return -1;
    }

    /** The readings taken at or after {@code fromNanos}. */
    public List<MetricSample> samplesSince(long fromNanos) {
        return samples.stream().filter(s -> s.atNanos() >= fromNanos).toList();
    }
}
