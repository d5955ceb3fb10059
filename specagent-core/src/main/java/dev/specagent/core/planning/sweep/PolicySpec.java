package dev.specagent.core.planning.sweep;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.depth.AcceptanceDepth;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.depth.DraftProbability;
import dev.specagent.core.planning.depth.DynamicDepth;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.GatedDepth;
import dev.specagent.core.planning.depth.HindsightDraftProbabilities;
import dev.specagent.core.planning.depth.HindsightOracle;
import dev.specagent.core.planning.depth.OracleDepth;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.depth.RateOracleDepth;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.predictor.TextEmbedder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A named depth policy to build fresh for each run (a dynamic policy learns from scratch in every run).
 *
 * @param name     the row name in tables and JSON
 * @param factory  builds the policy for a run
 * @param lean     whether the planner runs in lean mode (skips each episode's last draft; ours)
 */
public record PolicySpec(String name, Factory factory, boolean lean) {

    /** Builds a policy for a run's clock, the world's hindsight oracle and the state embedder of the run. */
    @FunctionalInterface
    public interface Factory {
        /**
         * A fresh policy; {@code stateEmbedder} ({@link TextEmbedder#NONE} when there is none) extends the
         * features of the paper's dynamic policy, and other policies ignore it.
         */
        DepthPolicy create(Clock clock, HindsightOracle oracle, TextEmbedder stateEmbedder);
    }

    /** A policy that needs no state embedder. */
    public PolicySpec(String name, BiFunction<Clock, HindsightOracle, DepthPolicy> factory) {
        this(name, (clock, oracle, stateEmbedder) -> factory.apply(clock, oracle), false);
    }

    /** The same policy in lean mode, named {@code <name>-lean}. */
    public PolicySpec leanVariant() {
        return new PolicySpec(name + "-lean", factory, true);
    }

    /** Target-only sequential planning (k = 0), the baseline. */
    public static PolicySpec targetOnly() {
        return new PolicySpec("target-only", (clock, oracle) -> FixedDepth.targetOnly());
    }

    /** Fix k. */
    public static PolicySpec fixed(int k) {
        return new PolicySpec("fix-" + k, (clock, oracle) -> new FixedDepth(k));
    }

    /** The dynamic policy with {@code settings}. */
    public static PolicySpec dynamic(String name, PredictorSettings settings) {
        return new PolicySpec(name, (clock, oracle, stateEmbedder) -> DynamicDepth.create(name, settings, clock,
                stateEmbedder), false);
    }

    /** The hindsight oracle. */
    public static PolicySpec oracle() {
        return new PolicySpec("oracle", (clock, oracle) -> new OracleDepth(oracle));
    }

    /** The paper's rows: Fix k = 2, 4, 6; Dyn τ = 0.5; Dyn τ = 0.99; Dyn offset = 2; and the oracle. */
    public static List<PolicySpec> paperRows() {
        return List.of(fixed(2), fixed(4), fixed(6),
                dynamic("dyn-tau0.5", PredictorSettings.of(0.5, 0)),
                dynamic("dyn-tau0.99", PredictorSettings.of(0.99, 0)),
                dynamic("dyn-offset2", PredictorSettings.of(0.5, 2)),
                oracle());
    }

    /** Policies of ours, beyond the paper's rows. */
    public static List<PolicySpec> ourRows() {
        return List.of(dynamic("dyn-tau0.9-offset1", PredictorSettings.of(0.9, 1)),
                acceptance("dyn-accept-theta0.3", 0.3), acceptance("dyn-accept-theta0.08", 0.08),
                oracle().leanVariant(),
                dynamic("dyn-tau0.99", PredictorSettings.of(0.99, 0)).leanVariant(),
                dynamic("dyn-tau0.9-offset1", PredictorSettings.of(0.9, 1)).leanVariant(),
                acceptance("dyn-accept-theta0.04", 0.04).leanVariant(),
                rateOracle("rate-oracle-theta0.1", 0.1), rateOracle("rate-oracle-theta0.03", 0.03),
                gated("dyn-gate0.3", 0.3), gated("dyn-gate0.1", 0.1), gated("dyn-gate0.03", 0.03),
                gated("dyn-gate0.01", 0.01),
                scheduled("dyn-sched-v0.3-d0.1", 0.3, 0.1), scheduled("dyn-sched-v0.1-d0.03", 0.1, 0.03),
                scheduled("dyn-sched-v0.03-d0.01", 0.03, 0.01), scheduled("dyn-sched-v0.01-d0.005", 0.01, 0.005),
                scheduled("dyn-sched-v0.1-l0.01-d0.005", 0.1, 0.01, 0.005),
                scheduled("dyn-tsched-v0.0003-d0.0001", 0.0003, 0.0003, 0.0001, 8, false, DraftClassifier.STACKED),
                scheduled("dyn-tpsched-v0.005-d0.005", 0.005, 0.005, 0.005, 8, false, DraftClassifier.TARGET_POLICY));
    }

    /**
     * Our verification scheduler: draft ahead while the chance that the prefix is right is at least
     * {@code draftGate}, verify on it once that chance is at least {@code verifyGate}; cap 8.
     */
    public static PolicySpec scheduled(String name, double verifyGate, double draftGate) {
        return scheduled(name, verifyGate, verifyGate, draftGate);
    }

    /** The verification scheduler with late verifications (one draft late) for prefixes right with a chance in [lateGate, verifyGate). */
    public static PolicySpec scheduled(String name, double verifyGate, double lateGate, double draftGate) {
        return scheduled(name, verifyGate, lateGate, draftGate, 8, false);
    }

    /**
     * The verification scheduler that also holds verifications on more than {@code window} unverified
     * drafts, in episode form if {@code episodic} ({@link ScheduledGateDepth#episodic}).
     */
    public static PolicySpec scheduled(String name, double verifyGate, double lateGate, double draftGate, int window,
                                       boolean episodic) {
        return scheduled(name, verifyGate, lateGate, draftGate, window, episodic, DraftClassifier.ACCEPTANCE);
    }

    /**
     * The verification scheduler on the draft probabilities of {@code classifier} ({@code dyn-sched-*}: the
     * acceptance model; {@code dyn-tsched-*}: the learned target policy stacked with it; {@code dyn-tpsched-*}:
     * the learned target policy alone).
     */
    public static PolicySpec scheduled(String name, double verifyGate, double lateGate, double draftGate, int window,
                                       boolean episodic, DraftClassifier classifier) {
        return new PolicySpec(name, (clock, oracle) -> {
            ScheduledGateDepth policy = ScheduledGateDepth.create(name, verifyGate, lateGate, draftGate, 8,
                    PredictorSettings.of(0.5, 1), clock, classifier).window(name, window);
            return episodic ? policy.episodic(name) : policy;
        });
    }

    /** The probability source of a yardstick scheduler ({@link #yardstick}). */
    public enum Yardstick {
        /** {@code rate-oracle-sched}: every draft right with the task's true agreement rate. */
        RATE("rate-oracle-sched"),
        /** {@code partial-oracle-sched}: the true outcome at recorded positions, the task's rate elsewhere. */
        PARTIAL("partial-oracle-sched"),
        /** {@code bayes-oracle-sched}: the generator's exact probability (worlds that draw drafts at random). */
        BAYES("bayes-oracle-sched");

        private final String prefix;

        Yardstick(String prefix) {
            this.prefix = prefix;
        }

        /** The name prefix of its rows, e.g. {@code rate-oracle-sched}. */
        public String prefix() {
            return prefix;
        }

        DraftProbability probability(HindsightOracle oracle) {
            return switch (this) {
                case RATE -> HindsightDraftProbabilities.rate(oracle);
                case PARTIAL -> HindsightDraftProbabilities.partial(oracle);
                case BAYES -> HindsightDraftProbabilities.drawn(oracle);
            };
        }
    }

    /**
     * A yardstick, not deployable: the verification scheduler with each draft's probability from the world
     * ({@code kind}) instead of learned; gates {@code 0 < draftGate <= lateGate <= verifyGate <= 1}, cap 8.
     */
    public static PolicySpec yardstick(Yardstick kind, double verifyGate, double lateGate, double draftGate) {
        return yardstick(kind.prefix() + "-v" + gate(verifyGate) + (lateGate == verifyGate ? "" : "-l" + gate(lateGate))
                + (draftGate == lateGate ? "" : "-d" + gate(draftGate)), kind, verifyGate, lateGate, draftGate, 8, false);
    }

    /** A yardstick scheduler named {@code name} that also holds verifications beyond {@code window} unverified drafts. */
    static PolicySpec yardstick(String name, Yardstick kind, double verifyGate, double lateGate,
                                double draftGate, int window, boolean episodic) {
        return new PolicySpec(name, (clock, oracle) -> {
            ScheduledGateDepth policy = ScheduledGateDepth.yardstick(name, verifyGate, lateGate, draftGate, 8,
                    kind.probability(oracle)).window(name, window);
            return episodic ? policy.episodic(name) : policy;
        });
    }

    /**
     * A yardstick: the verification scheduler (verify gate = draft gate = {@code verifyGate}, cap 8; episode
     * form if {@code episodic}) on the posterior of a draft classifier with miss rate {@code fnr} and false
     * alarm rate {@code fpr} ({@link HindsightDraftProbabilities#classifier}).
     */
    public static PolicySpec classifierYardstick(String name, double verifyGate, double fnr, double fpr, boolean episodic) {
        return new PolicySpec(name, (clock, oracle) -> {
            ScheduledGateDepth policy = ScheduledGateDepth.yardstick(name, verifyGate, verifyGate, verifyGate, 8,
                    HindsightDraftProbabilities.classifier(oracle, fnr, fpr, 0x5EEDL));
            return episodic ? policy.episodic(name) : policy;
        });
    }

    /** A gate as written in a policy name: plain decimal, no trailing zeros ({@code 0.05}, {@code 1}). */
    static String gate(double g) {
        return BigDecimal.valueOf(g).stripTrailingZeros().toPlainString();
    }

    /** Our draft-by-draft gate: speculate past a draft while its predicted acceptance is at least {@code gate}; cap 8. */
    public static PolicySpec gated(String name, double gate) {
        return new PolicySpec(name, (clock, oracle) -> GatedDepth.create(
                name, gate, 8, PredictorSettings.of(0.5, 1), clock));
    }

    /** The rate oracle (knows each task's agreement rate, not where the misses fall), at most 8 deep. */
    public static PolicySpec rateOracle(String name, double theta) {
        return new PolicySpec(name, (clock, oracle) -> new RateOracleDepth(
                name, oracle, theta, 8));
    }

    /** Our acceptance-probability policy with threshold θ (cold start k = 2, at most 8 deep). */
    public static PolicySpec acceptance(String name, double theta) {
        return new PolicySpec(name, (clock, oracle) -> AcceptanceDepth.create(
                name, theta, 8, PredictorSettings.of(0.5, 1), clock));
    }

    /**
     * A policy by name: {@code fix-<k>} (k in 1..20), a paper row, one of ours, or {@code oracle}; empty for a name
     * it does not know or a malformed one ({@link #named} says why).
     */
    public static Optional<PolicySpec> byName(String name) {
        try {
            return Optional.of(named(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The policy called {@code name}: one of the forms with parameters ({@code fix-<k>}, {@code dyn-sched-v…-d…},
     * the yardsticks, ...) or of the fixed names.
     *
     * @throws IllegalArgumentException for a name of a known form with a malformed part, naming the name and the
     *                                  part (e.g. {@code dyn-tsched-vx-d0.05: in 'vx', the verify gate 'x' is not a
     *                                  number}); for any other unknown name, listing the {@link #knownNames()}
     */
    public static PolicySpec named(String name) {
        Optional<PolicySpec> parsed = PolicyNameParser.parse(name);
        if (parsed.isPresent()) {
            return parsed.get();
        }
        List<PolicySpec> all = new ArrayList<>(paperRows());
        all.addAll(ourRows());
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown policy '" + name + "'; known: " + knownNames()));
    }

    /**
     * Whether the row named {@code rowName} could run without knowing the world's answers: false for the
     * hindsight oracle (lean or not) and for every yardstick ({@code *-oracle-*}), true otherwise.
     */
    public static boolean deployable(String rowName) {
        return !rowName.equals("oracle") && !rowName.contains("oracle-");
    }

    /** The names {@link #byName} knows, for messages. */
    public static String knownNames() {
        List<String> names = new ArrayList<>(List.of("fix-<k> (k in 1..20)",
                "dyn-sched-v<verify gate>[-l<late gate>]-d<draft gate>[-w<window 1..8>][-e] (0 < draft <= late <= verify < 1, e.g. dyn-sched-v0.1-d0.03)",
                "dyn-tsched-... / dyn-tpsched-... (the same on the learned target policy stacked with the acceptance model / alone, e.g. dyn-tsched-v0.1-d0.03)",
                "rate-oracle-theta<theta> (yardstick, 0 < theta < 1)",
                "clf-oracle-sched-v<verify gate>-fnr<miss rate>-fpr<false alarm rate>[-e] (yardstick: a draft classifier of these error rates)",
                "{rate,partial,bayes}-oracle-sched-v<verify gate>[-l<late gate>][-d<draft gate>][-w<window>][-e] (yardsticks; -e: episode form, "
                        + "0 < draft <= late <= verify <= 1; bayes needs the synthetic world)"));
        paperRows().stream().filter(p -> !p.name().startsWith("fix-")).forEach(p -> names.add(p.name()));
        ourRows().forEach(p -> names.add(p.name()));
        return String.join(", ", names);
    }
}
