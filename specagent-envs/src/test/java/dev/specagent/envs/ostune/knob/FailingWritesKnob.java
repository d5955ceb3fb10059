package dev.specagent.envs.ostune.knob;

import dev.specagent.core.lossy.SafetyEnvelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntPredicate;

/**
 * A knob for tests whose chosen writes fail with "device busy" and leave the knob as it was; the others, and every
 * read, go to the knob it wraps. Writes are numbered from 0 in the order they are made.
 */
public final class FailingWritesKnob implements Knob {
    private final Knob inner;
    private final IntPredicate fails;
    private int writes;

    /** A knob that passes to {@code inner} every write whose number {@code fails} does not hold. */
    public FailingWritesKnob(Knob inner, IntPredicate fails) {
        this.inner = inner;
        this.fails = fails;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String unit() {
        return inner.unit();
    }

    @Override
    public double read() {
        return inner.read();
    }

    @Override
    public synchronized double write(double value) {
        if (fails.test(writes++)) {
            throw new UncheckedIOException(new IOException("device busy"));
        }
        return inner.write(value);
    }

    @Override
    public SafetyEnvelope defaultEnvelope() {
        return inner.defaultEnvelope();
    }

    @Override
    public double badValue() {
        return inner.badValue();
    }

    @Override
    public boolean isReal() {
        return false;
    }

    @Override
    public String toString() {
        return "failing " + inner.name();
    }
}
