package dev.specagent.core.planning.sweep;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.HindsightOracle;
import dev.specagent.core.planning.depth.Speculation;
import dev.specagent.core.planning.predictor.TextEmbedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Policy names: every form with parameters and every fixed name resolves to a policy of that name; a name of a
 * known form with a malformed part is refused naming the name and the part; any other name is unknown, with the
 * known forms listed.
 */
class PolicyNamesTest {

    @Test
    void everyFormAndFixedNameResolvesToAPolicyOfThatName() {
        List<String> names = new ArrayList<>(List.of("fix-1", "fix-20", "dyn-sched-v0.3-d0.1",
                "dyn-sched-v0.1-l0.01-d0.005", "dyn-sched-v0.01-d0.01-w4-e", "dyn-tsched-v0.0003-d0.0001",
                "dyn-tpsched-v0.05-l0.01-d0.005-w4-e", "rate-oracle-theta0.25", "clf-oracle-sched-v0.3-fnr0.02-fpr0.2-e",
                "clf-oracle-sched-v1-fnr0-fpr1", "rate-oracle-sched-v0.1", "partial-oracle-sched-v0.5-d0.1-w4",
                "bayes-oracle-sched-v1", "rate-oracle-sched-v1-l1-d0.5"));
        PolicySpec.paperRows().forEach(p -> names.add(p.name()));
        PolicySpec.ourRows().forEach(p -> names.add(p.name()));
        for (String name : names) {
            assertThat(PolicySpec.named(name).name()).isEqualTo(name);
            assertThat(PolicySpec.byName(name)).isPresent();
        }
    }

    @Test
    void aMalformedPartIsNamedWithThePolicy() {
        Map<String, String> why = Map.ofEntries(
                Map.entry("dyn-tsched-vx-d0.05", "dyn-tsched-vx-d0.05: in 'vx', the verify gate 'x' is not a number"),
                Map.entry("dyn-tpsched-v0.005-d0.0x5", "in 'd0.0x5', the draft gate '0.0x5' is not a number"),
                Map.entry("dyn-sched-v1.5-d0.1", "in 'v1.5', the verify gate must be in (0, 1), not 1.5"),
                Map.entry("dyn-sched-v0.1-d0.1234567", "the draft gate 0.1234567 has more than 6 decimals"),
                Map.entry("dyn-sched-v0.1-d0.1-w9", "in 'w9', the window must be in 1..8, not 9"),
                Map.entry("dyn-sched-v0.1-d0.1-wx", "the window 'x' is not a whole number"),
                Map.entry("dyn-sched-v0.1", "dyn-sched-v0.1: the draft gate (-d<draft gate>) is missing from "
                        + "dyn-sched-v<verify gate>[-l<late gate>]-d<draft gate>[-w<window>][-e]"),
                Map.entry("dyn-sched-v0.1-x3-d0.05", "'x3' is not a part of dyn-sched-v<verify gate>"),
                Map.entry("dyn-sched-d0.05-v0.1", "'v0.1' is out of place (or given twice)"),
                Map.entry("dyn-tsched-v0.01-d0.1", "the draft gate 0.1 is above the verify gate 0.01"),
                Map.entry("dyn-sched-v0.1-l0.2-d0.05", "the late gate 0.2 is above the verify gate 0.1"),
                Map.entry("fix-x", "fix-x: the depth k 'x' is not a whole number"),
                Map.entry("fix-25", "fix-25: the depth k must be in 1..20, not 25"),
                Map.entry("fix-007", "fix-007: the depth k '007' has a leading zero; write fix-7"),
                Map.entry("dyn-sched-v0.10-d0.05", "in 'v0.10', the verify gate '0.10' has a trailing zero; write "
                        + "dyn-sched-v0.1-d0.05"),
                Map.entry("rate-oracle-sched-v1.0-l1-d0.5", "the verify gate '1.0' has a trailing zero; write "
                        + "rate-oracle-sched-v1-l1-d0.5"),
                Map.entry("clf-oracle-sched-v0.3-fnr0.0-fpr0.250", "in 'fnr0.0', the miss rate '0.0' has a trailing "
                        + "zero; write clf-oracle-sched-v0.3-fnr0-fpr0.250"),
                Map.entry("fix-+3", "fix-+3: the depth k '+3' is not a whole number"),
                Map.entry("fix-3.", "fix-3.: the depth k '3.' is not a whole number"),
                Map.entry("dyn-sched-v00.1-d0.05", "dyn-sched-v00.1-d0.05: in 'v00.1', the verify gate '00.1' has a "
                        + "leading zero; write dyn-sched-v0.1-d0.05"),
                Map.entry("dyn-sched-v0.1-d0.05-w04", "in 'w04', the window '04' has a leading zero; write "
                        + "dyn-sched-v0.1-d0.05-w4"),
                Map.entry("rate-oracle-theta1", "in 'theta1', the theta must be in (0, 1), not 1"),
                Map.entry("clf-oracle-sched-v0.3-fnr0.02", "the false alarm rate (-fpr<false alarm rate>) is missing"),
                Map.entry("partial-oracle-sched-v0.5-dx", "in 'dx', the draft gate 'x' is not a number"),
                Map.entry("dyn-sched-v0.1-d0", "in 'd0', the draft gate must be in (0, 1), not 0"),
                Map.entry("dyn-sched-v1-d0.1", "in 'v1', the verify gate must be in (0, 1), not 1"),
                Map.entry("clf-oracle-sched-v0.3-fnr1-fpr0.2", "in 'fnr1', the miss rate must be in [0, 1), not 1"),
                Map.entry("dyn-sched-v0.1-d0.05-w0", "in 'w0', the window must be in 1..8, not 0"),
                Map.entry("fix-0", "fix-0: the depth k must be in 1..20, not 0"),
                Map.entry("dyn-sched-v0.1-v0.2-d0.05", "'v0.2' is out of place (or given twice)"));
        why.forEach((name, message) -> {
            assertThatThrownBy(() -> PolicySpec.named(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message).hasMessageNotContaining("unknown policy");
            assertThat(PolicySpec.byName(name)).as(name).isEmpty();
        });
    }

    /** A number may have up to 6 decimals, and the bounds a range includes are accepted. */
    @Test
    void sixDecimalsAndTheIncludedBoundsAreAccepted() {
        for (String name : List.of("dyn-sched-v0.123456-d0.1", "dyn-sched-v0.5-d0.000001", "dyn-sched-v0.1-d0.1-w1",
                "dyn-sched-v0.1-d0.1-w8", "rate-oracle-sched-v1", "clf-oracle-sched-v0.3-fnr0-fpr1")) {
            assertThat(PolicySpec.named(name).name()).isEqualTo(name);
        }
    }

    private static final PlanningTask TASK = new PlanningTask("t", "Given photo image, how to caption it?");

    /** A world whose drafts are all wrong, with agreement rate 0.1. */
    private static final HindsightOracle WRONG_WORLD = new HindsightOracle() {
        @Override
        public int acceptedAhead(PlanningTask task, List<String> verified) {
            return 0;
        }

        @Override
        public double agreementRate(PlanningTask task) {
            return 0.1;
        }

        @Override
        public double drawProbability(PlanningTask task, List<String> prefix, String draft) {
            return 0.1;
        }
    };

    /**
     * Every row and every form builds a fresh policy of its name (a lean row, the policy of the name without
     * {@code -lean}, run in lean mode) that chooses a depth for a first episode.
     */
    @Test
    void everyRowBuildsAPolicyOfItsName() throws Exception {
        List<PolicySpec> specs = new ArrayList<>(List.of(PolicySpec.targetOnly()));
        specs.addAll(PolicySpec.paperRows());
        specs.addAll(PolicySpec.ourRows());
        for (String name : List.of("dyn-sched-v0.3-d0.1-w4-e", "dyn-tpsched-v0.05-d0.005", "rate-oracle-sched-v0.5",
                "partial-oracle-sched-v0.5-d0.1-w4-e", "bayes-oracle-sched-v1", "clf-oracle-sched-v0.3-fnr0.02-fpr0.2")) {
            specs.add(PolicySpec.named(name));
        }
        for (PolicySpec spec : specs) {
            DepthPolicy policy = spec.factory().create(new SimulatedClock(1), WRONG_WORLD, TextEmbedder.NONE);
            assertThat(spec.lean()).as(spec.name()).isEqualTo(spec.name().endsWith("-lean"));
            assertThat(policy.name()).as(spec.name()).isEqualTo(spec.name().replaceFirst("-lean$", ""));
            int k = policy.depth(new DepthQuery(TASK, List.of(), List.of(), 20));
            if (spec.name().equals("target-only")) {
                assertThat(k).isZero();
            } else {
                assertThat(k).as(spec.name()).isPositive();
            }
            if (policy instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /**
     * {@code -e} builds the episode form: where the scheduler would hold a doubtful verification (cold start past
     * its first drafts, or a yardstick's probability below every gate), the episode form stops the episode instead.
     */
    @Test
    void theEpisodeFormStopsWhereTheSchedulerHolds() throws Exception {
        DepthQuery start = new DepthQuery(TASK, List.of(), List.of(), 20);
        Map<String, List<String>> pastDrafts = Map.of("dyn-sched-v0.3-d0.1", List.of("A", "B"),
                "dyn-tsched-v0.3-d0.1", List.of("A", "B"), "rate-oracle-sched-v0.5", List.of("A"),
                "clf-oracle-sched-v0.3-fnr0.02-fpr0.2", List.of("A"));
        for (Map.Entry<String, List<String>> e : pastDrafts.entrySet()) {
            assertThat(afterDrafts(e.getKey(), start, e.getValue())).as(e.getKey()).isEqualTo(Speculation.HOLD);
            assertThat(afterDrafts(e.getKey() + "-e", start, e.getValue())).as(e.getKey() + "-e")
                    .isEqualTo(Speculation.STOP);
        }
    }

    private static Speculation afterDrafts(String name, DepthQuery start, List<String> drafts) throws Exception {
        DepthPolicy policy = PolicySpec.named(name).factory().create(new SimulatedClock(1), WRONG_WORLD,
                TextEmbedder.NONE);
        try {
            policy.depth(start);
            return policy.afterDraft(start, drafts, 0);
        } finally {
            if (policy instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The paper's rows as its tables have them; ours beside them under names of their own. */
    @Test
    void thePaperRowsAreThePapersAndOurRowsHaveNamesOfTheirOwn() {
        List<String> paper = PolicySpec.paperRows().stream().map(PolicySpec::name).toList();
        assertThat(paper).containsExactly("fix-2", "fix-4", "fix-6", "dyn-tau0.5", "dyn-tau0.99", "dyn-offset2", "oracle");
        List<String> ours = PolicySpec.ourRows().stream().map(PolicySpec::name).toList();
        assertThat(ours).contains("dyn-accept-theta0.3", "oracle-lean", "dyn-gate0.1", "dyn-sched-v0.1-d0.03")
                .doesNotHaveDuplicates().doesNotContainAnyElementsOf(paper);
    }

    /** Only rows that need no hindsight are deployable: not the oracle (lean or not), not the yardsticks. */
    @Test
    void onlyRowsWithoutHindsightAreDeployable() {
        for (String name : List.of("fix-4", "target-only", "dyn-tau0.5", "dyn-sched-v0.1-d0.03", "dyn-accept-theta0.3")) {
            assertThat(PolicySpec.deployable(name)).as(name).isTrue();
        }
        for (String name : List.of("oracle", "oracle-lean", "rate-oracle-theta0.1", "bayes-oracle-sched-v1",
                "clf-oracle-sched-v0.3-fnr0.02-fpr0.2")) {
            assertThat(PolicySpec.deployable(name)).as(name).isFalse();
        }
    }

    /** The known names list the forms, then every fixed row name (the fix-k rows once, as their form). */
    @Test
    void theKnownNamesListTheFormsAndEveryFixedRowOnce() {
        String known = PolicySpec.knownNames();
        assertThat(known).startsWith("fix-<k> (k in 1..20), ").doesNotContain("fix-2").doesNotContain("fix-4");
        for (String row : List.of("dyn-tau0.5", "dyn-offset2", "oracle", "dyn-accept-theta0.3", "oracle-lean",
                "dyn-gate0.01", "dyn-tpsched-v0.005-d0.005")) {
            assertThat(known).as(row).contains(", " + row);
        }
    }

    @Test
    void aNameOfNoKnownFormIsUnknownAndTheKnownFormsAreListed() {
        for (String name : List.of("nonsense", "dyn-tau0.x", "dyn-xsched-v0.01-d0.01", "fixed-2")) {
            assertThatThrownBy(() -> PolicySpec.named(name)).as(name)
                    .hasMessageStartingWith("unknown policy '" + name + "'; known: fix-<k> (k in 1..20), dyn-sched-v");
            assertThat(PolicySpec.byName(name)).isEmpty();
        }
    }
}
