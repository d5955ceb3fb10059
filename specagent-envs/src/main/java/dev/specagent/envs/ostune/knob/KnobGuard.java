package dev.specagent.envs.ostune.knob;

import java.util.Objects;

/**
 * Restores a knob's original value: on {@link #close()} (use try-with-resources or finally) and, should
 * the JVM stop first (Ctrl-C, kill), from a shutdown hook. The original is read when the guard is
 * made, before any write. Writes meant to be undone go through {@link #write}, which refuses them once the
 * guard has restored for good (closed, or the JVM is stopping), so a decision landing during Ctrl-C cannot
 * change the knob after its restore. Thread-safe; restoring twice is harmless.
 */
public final class KnobGuard implements AutoCloseable {

    private final Knob knob;
    private final double original;
    private final Thread hook;
    private boolean closed;
    private boolean ended;

    /** Reads the knob's value now and arms the shutdown hook. */
    public KnobGuard(Knob knob) {
        this.knob = Objects.requireNonNull(knob, "knob");
        this.original = knob.read();
        this.hook = new Thread(this::restoreQuietly, "specagent-restore-" + knob.name());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The value read when the guard was made. */
    public double original() {
        return original;
    }

    /** The knob guarded. */
    public Knob knob() {
        return knob;
    }

    /**
     * Writes {@code value} to the knob and returns what it holds now.
     *
     * @throws IllegalStateException once the guard has restored for good
     */
    public synchronized double write(double value) {
        if (ended) {
            throw new IllegalStateException(knob.name() + " was restored to " + original + ": no more writes");
        }
        return knob.write(value);
    }

    /** Writes the original value back when the knob holds another one. */
    public synchronized void restore() {
        if (knob.read() != original) {
            knob.write(original);
        }
    }

    private void restoreQuietly() {
        try {
            synchronized (this) {
                ended = true;
            }
            restore();
        } catch (RuntimeException e) {
            System.err.println("specagent: could not restore " + knob + " to " + original + ": " + e.getMessage());
        }
    }

    /**
     * Restores the original value and disarms the shutdown hook. When the restore fails the guard stays armed:
     * a later close tries again, and so does the hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        ended = true;
        restore();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run; restoring there as well is harmless
        }
    }
}
