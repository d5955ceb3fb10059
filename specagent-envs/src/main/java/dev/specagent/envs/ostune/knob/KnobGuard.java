package dev.specagent.envs.ostune.knob;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Restores a knob's original value: on {@link #close()} (use try-with-resources or finally) and, should
 * the JVM stop first (Ctrl-C, kill), from a shutdown hook. The original is read when the guard is
 * made, before any write. Writes meant to be undone go through {@link #write}, which refuses them once the
 * guard has restored for good (closed, or the JVM is stopping), so a decision landing during Ctrl-C cannot
 * change the knob after its restore. Thread-safe; restoring twice is harmless.
 *
 * <p>One guard per knob at a time in a JVM (a knob file is the same knob by whatever path it is named): a second guard
 * made while the first one is open would take the first run's writes for the original and put them back after the
 * first had restored the real one. It is refused until the first has restored the knob.
 */
public final class KnobGuard implements AutoCloseable {

    /** The knobs guarded now in this JVM: their files' real paths, or the knob objects that are no files. */
    private static final Set<Object> GUARDED = ConcurrentHashMap.newKeySet();

    private final Knob knob;
    private final Object key;
    private final double original;
    private final Thread hook;
    private boolean closed;
    private boolean ended;

    /**
     * Reads the knob's value now and arms the shutdown hook.
     *
     * @throws KnobUnavailableException when another guard of this JVM holds the knob and has not restored it yet
     */
    public KnobGuard(Knob knob) {
        this.knob = Objects.requireNonNull(knob, "knob");
        this.key = key(knob);
        if (!GUARDED.add(key)) {
            throw new KnobUnavailableException(knob + " is already guarded by another run in this JVM, which has not "
                    + "restored it yet: its value now is that run's, not the original; tune a knob from one run at a time");
        }
        try {
            this.original = knob.read();
            this.hook = new Thread(this::restoreQuietly, "specagent-restore-" + knob.name());
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (RuntimeException e) {
            GUARDED.remove(key);
            throw e;
        }
    }

    /** What makes two knobs the same: the real path of a knob file, else the knob object itself. */
    private static Object key(Knob knob) {
        if (knob instanceof FileKnob file) {
            Path path = file.path().toAbsolutePath().normalize();
            try {
                return path.toRealPath();
            } catch (IOException missing) {
                return path; // reading it fails next, with the reason
            }
        }
        return knob;
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

    /**
     * Writes the original value back when the knob holds another one, or when what it holds cannot be read (a knob
     * file found holding junk, or gone): the original is known, so it is written all the same.
     */
    public synchronized void restore() {
        double now;
        try {
            now = knob.read();
        } catch (RuntimeException unreadable) {
            try {
                knob.write(original);
            } catch (RuntimeException e) {
                e.addSuppressed(unreadable);
                throw e;
            }
            return;
        }
        if (now != original) {
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
     *
     * @throws KnobRestoreException when the original value could not be written back
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        ended = true;
        try {
            restore();
        } catch (RuntimeException e) {
            throw new KnobRestoreException(knob, original, e);
        }
        closed = true;
        GUARDED.remove(key);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run; restoring there as well is harmless
        }
    }
}
