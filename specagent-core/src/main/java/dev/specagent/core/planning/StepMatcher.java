package dev.specagent.core.planning;

import java.util.Locale;

/**
 * Decides whether the approximation's drafted step agrees with the target's step. Only an {@link
 * #lossless() exact} matcher keeps the committed plan equal to the target-only plan; any other marks
 * the run as lossy.
 */
public interface StepMatcher {

    /** Whether {@code drafted} counts as the same step as {@code verified}. */
    boolean agree(String drafted, String verified);

    /**
     * Whether agreement implies equality, so the committed plan is the target-only plan. A matcher claiming this
     * that accepts a draft unequal to the target's step does not make the run lossless: the planner marks that plan
     * {@link PlanResult#lossless() lossy}.
     */
    boolean lossless();

    /** Exact string equality (the default). */
    StepMatcher EXACT = new StepMatcher() {
        @Override
        public boolean agree(String drafted, String verified) {
            return drafted != null && drafted.equals(verified);
        }

        @Override
        public boolean lossless() {
            return true;
        }

        @Override
        public String toString() {
            return "exact";
        }
    };

    /** Equality after lower-casing and dropping everything but letters and digits; lossy. */
    StepMatcher NORMALIZED = new StepMatcher() {
        @Override
        public boolean agree(String drafted, String verified) {
            return drafted != null && verified != null && normalize(drafted).equals(normalize(verified));
        }

        @Override
        public boolean lossless() {
            return false;
        }

        private String normalize(String s) {
            return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        }

        @Override
        public String toString() {
            return "normalized";
        }
    };
}
