package dev.specagent.envs.ostune.workload;

/**
 * The simulated workload's p95 latency as a function of the scheduler granularity {@code g} (ms):
 * {@code p95(g) = switching / g + queueing · g + floor}. A short slice costs context switches and cache
 * refills ({@code switching / g}); a long one makes a ready thread wait behind the others
 * ({@code queueing · g}). The default is calibrated so that the paper's perturbed, untuned level is
 * met at 40 ms (≈103 ms), the optimum lies near 6 ms (≈34 ms) and the untuned default of 24 ms
 * gives ≈66 ms; it is a model, not a measurement.
 *
 * @param switching  the cost of short slices (ms²)
 * @param queueing   the cost of long slices (per ms of slice)
 * @param floor      the latency no slice removes (ms)
 */
public record LatencyModel(double switching, double queueing, double floor) {

    /** The calibrated default. */
    public static final LatencyModel DEFAULT = new LatencyModel(86, 2.39, 5.35);

    /** @throws IllegalArgumentException naming the term that is not finite, or not positive (the floor: negative) */
    public LatencyModel {
        requireFinite("switching", switching, switching > 0);
        requireFinite("queueing", queueing, queueing > 0);
        requireFinite("floor", floor, floor >= 0);
    }

    private static void requireFinite(String term, double value, boolean inRange) {
        if (!inRange || !Double.isFinite(value)) {
            throw new IllegalArgumentException("latency model term " + term + " must be finite and "
                    + (term.equals("floor") ? "at least 0" : "positive") + ", got " + value);
        }
    }

    /** The noise-free p95 at granularity {@code g} ms (g > 0). */
    public double p95(double g) {
        double x = Math.max(g, 1e-3);
        return switching / x + queueing * x + floor;
    }

    /** The granularity of the lowest p95. */
    public double optimum() {
        return Math.sqrt(switching / queueing);
    }

    /** The lowest p95. */
    public double best() {
        return p95(optimum());
    }
}
