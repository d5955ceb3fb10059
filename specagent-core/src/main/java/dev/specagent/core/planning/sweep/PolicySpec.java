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
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static PolicySpec yardstick(String name, Yardstick kind, double verifyGate, double lateGate,
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

    private static String gate(double g) {
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

    /** A policy by name: {@code fix-<k>} (k in 1..20), a paper row, one of ours, or {@code oracle}. */
    public static Optional<PolicySpec> byName(String name) {
        if (name.matches("fix-\\d{1,2}")) {
            int k = Integer.parseInt(name.substring(4));
            return k >= 1 && k <= 20 ? Optional.of(fixed(k)) : Optional.empty();
        }
        Matcher sched = Pattern
                .compile("dyn-(|t|tp)sched-v(0\\.\\d{1,6})(?:-l(0\\.\\d{1,6}))?-d(0\\.\\d{1,6})(?:-w([1-8]))?(-e)?").matcher(name);
        if (sched.matches()) {
            DraftClassifier classifier = switch (sched.group(1)) {
                case "t" -> DraftClassifier.STACKED;
                case "tp" -> DraftClassifier.TARGET_POLICY;
                default -> DraftClassifier.ACCEPTANCE;
            };
            double verify = Double.parseDouble(sched.group(2));
            double late = sched.group(3) == null ? verify : Double.parseDouble(sched.group(3));
            double draft = Double.parseDouble(sched.group(4));
            int window = sched.group(5) == null ? 8 : Integer.parseInt(sched.group(5));
            return draft > 0 && draft <= late && late <= verify
                    ? Optional.of(scheduled(name, verify, late, draft, window, sched.group(6) != null, classifier))
                    : Optional.empty();
        }
        Matcher rate = Pattern.compile("rate-oracle-theta(0\\.\\d{1,6})").matcher(name);
        if (rate.matches()) {
            double theta = Double.parseDouble(rate.group(1));
            return theta > 0 ? Optional.of(rateOracle(name, theta)) : Optional.empty();
        }
        Matcher clf = Pattern.compile(
                "clf-oracle-sched-v(1|0\\.\\d{1,6})-fnr(0|0\\.\\d{1,6})-fpr(1|0\\.\\d{1,6})(-e)?").matcher(name);
        if (clf.matches()) {
            double verify = Double.parseDouble(clf.group(1));
            double fnr = Double.parseDouble(clf.group(2));
            double fpr = Double.parseDouble(clf.group(3));
            return verify > 0 && fpr > 0 ? Optional.of(classifierYardstick(name, verify, fnr, fpr, clf.group(4) != null))
                    : Optional.empty();
        }
        Matcher yard = Pattern.compile(
                "(rate|partial|bayes)-oracle-sched-v(1|1\\.0{1,6}|0\\.\\d{1,6})(?:-l(0\\.\\d{1,6}|1))?(?:-d(0\\.\\d{1,6}|1))?(?:-w([1-8]))?(-e)?")
                .matcher(name);
        if (yard.matches()) {
            Yardstick kind = Yardstick.valueOf(yard.group(1).toUpperCase(Locale.ROOT));
            double verify = Double.parseDouble(yard.group(2));
            double late = yard.group(3) == null ? verify : Double.parseDouble(yard.group(3));
            double draft = yard.group(4) == null ? late : Double.parseDouble(yard.group(4));
            int window = yard.group(5) == null ? 8 : Integer.parseInt(yard.group(5));
            return draft > 0 && draft <= late && late <= verify && verify <= 1
                    ? Optional.of(yardstick(name, kind, verify, late, draft, window, yard.group(6) != null))
                    : Optional.empty();
        }
        List<PolicySpec> all = new ArrayList<>(paperRows());
        all.addAll(ourRows());
        return all.stream().filter(p -> p.name().equals(name)).findFirst();
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
