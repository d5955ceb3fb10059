package dev.specagent.core.sim;

import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.fail;

/** The seed loop of the random property tests: seeds 1..count, or only the one given by {@code -Dspecagent.seed=N}. */
public final class Seeds {

    private Seeds() {
    }

    /** Checks every seed; the first failure names its seed and how to replay it alone. */
    public static void each(int count, LongConsumer check) {
        Long only = Long.getLong("specagent.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : count;
        for (long seed = first; seed <= last; seed++) {
            try {
                check.accept(seed);
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + " failed (replay with -Dspecagent.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }
}
