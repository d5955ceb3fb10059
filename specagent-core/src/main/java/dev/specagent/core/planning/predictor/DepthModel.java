package dev.specagent.core.planning.predictor;

/**
 * A trained linear value model V(s) = bias + w·x over {@link StateFeatures}. Immutable once published:
 * the trainer builds a new one per round and the predictor swaps it in atomically.
 */
public final class DepthModel {

    private final double[] weights;
    private final double bias;
    private final long version;

    DepthModel(double[] weights, double bias, long version) {
        this.weights = weights;
        this.bias = bias;
        this.version = version;
    }

    /** The expected acceptance length V(s) of a state with features {@code x}. */
    public double value(SparseVector x) {
        return bias + x.dot(weights);
    }

    /** How many training rounds produced this model (1 for the first). */
    public long version() {
        return version;
    }
}
