package dev.specagent.envs.ostune.knob;

/**
 * A {@link KnobGuard} could not put the knob's original value back: the knob may still hold a value a run wrote. The
 * message names the knob (and its file) and the value it should hold; the cause says why the write failed.
 */
public final class KnobRestoreException extends RuntimeException {

    private final double original;

    public KnobRestoreException(Knob knob, double original, RuntimeException cause) {
        super(knob + " could not be restored to " + plain(original) + ": " + cause.getMessage(), cause);
        this.original = original;
    }

    /** The value the knob should hold and may not. */
    public double original() {
        return original;
    }

    /** {@code 7} for a whole number, else as Java writes it. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
