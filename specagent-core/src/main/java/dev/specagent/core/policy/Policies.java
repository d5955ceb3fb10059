package dev.specagent.core.policy;

import java.util.List;

/** Builds policies by name, as the command line and configuration files name them. */
public final class Policies {

    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("sequential", "algorithm1", "chained", "adaptive");

    /** What a second of waiting is worth by default for {@code adaptive}: USD 36 an hour. */
    public static final double DEFAULT_USD_PER_SECOND = 0.01;

    private Policies() {
    }

    /**
     * The policy called {@code name} with {@code k} guesses and depth limit {@code maxDepth}
     * ({@code chained} and {@code adaptive} only).
     *
     * @throws IllegalArgumentException naming the accepted names when {@code name} is unknown
     */
    public static SpeculationPolicy byName(String name, int k, int maxDepth) {
        return switch (name) {
            case "sequential" -> new SequentialPolicy();
            case "algorithm1" -> new Algorithm1Policy(k);
            case "chained" -> new ChainedPolicy(k, maxDepth);
            case "adaptive" -> new AdaptivePolicy(k, maxDepth, DEFAULT_USD_PER_SECOND, 0.0);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; expected one of " + NAMES);
        };
    }

    static int requirePositiveK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return k;
    }

    static int requireDepthLimit(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("depth limit must be at least 1, got " + maxDepth);
        }
        return maxDepth;
    }
}
