package dev.specagent.core.planning;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.DraftProbability;
import dev.specagent.core.planning.depth.RateOracleDepth;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.HindsightDraftProbabilities;
import dev.specagent.core.planning.depth.HindsightOracle;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.depth.Speculation;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.core.planning.sweep.PolicySpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The yardstick forms of the verification scheduler ({@link ScheduledGateDepth#yardstick}): the partial
 * oracle never verifies on top of a recorded miss, and the rate scheduler's extremes are the planner's
 * extremes (v → 0: speculate to the cap like Fix k = cap; v = 1: hold every unverified prefix).
 */
class YardstickSchedulerTest {

    private static final List<String> TOOLS = List.of("A", "B", "C", "D", "X", "Y", "Z", "W", "V");

    private static ScriptedPlanningWorld world(List<TaskScript> scripts) {
        return new ScriptedPlanningWorld(scripts, new CallProfile(1.2, 0.3, 300, 10, 10, 0.2),
                new CallProfile(6, 0.3, 900, 20, 120, 0.3, 0.7, 0.4), TokenPricing.GPT_4_1_MINI, TOOLS, 5);
    }

    /** The prefixes the target was asked to continue, in order. */
    private static List<List<String>> targetPrefixes(ScriptedPlanningWorld world, DepthPolicy policy) {
        List<List<String>> prefixes = new ArrayList<>();
        StepAgent target = world.target();
        StepAgent recording = (task, prefix, clock, done) -> {
            prefixes.add(List.copyOf(prefix));
            return target.propose(task, prefix, clock, done);
        };
        SimulatedClock clock = new SimulatedClock(3);
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation()).target(recording)
                .policy(policy).clock(clock).ledger(new Ledger()).build();
        for (TaskScript s : world.scripts()) {
            assertThat(planner.plan(s.task()).steps()).isEqualTo(s.targetPlan());
        }
        return prefixes;
    }

    private static RunFigures figures(ScriptedPlanningWorld world, DepthPolicy policy) {
        Ledger ledger = new Ledger();
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(policy).clock(new SimulatedClock(9)).ledger(ledger).build();
        for (TaskScript s : world.scripts()) {
            planner.plan(s.task());
        }
        return RunFigures.of(ledger.entries());
    }

    @Test
    void thePartialOracleNeverVerifiesOnARecordedMissButTheRateOracleDoes() {
        // Position 1 is a recorded miss (W instead of Y), position 3 a filled-in miss (V instead of C).
        TaskScript script = new TaskScript(new PlanningTask("t", "task"), List.of("X", "Y", "Z", "C", "D", "TERMINATE"),
                List.of("X", "W", "Z", "V", "D", "TERMINATE"), Set.of(3));
        ScriptedPlanningWorld partialWorld = world(List.of(script));
        List<List<String>> partial = targetPrefixes(partialWorld, ScheduledGateDepth.yardstick("partial", 0.01, 0.01,
                0.01, 8, HindsightDraftProbabilities.partial(partialWorld.oracle())));
        assertThat(partial).noneMatch(p -> p.size() >= 2 && p.get(1).equals("W"));
        assertThat(partial).as("the filled-in miss is only known by the task's rate (4/6 >= 0.01)")
                .anyMatch(p -> p.size() >= 4 && p.get(3).equals("V"));

        ScriptedPlanningWorld rateWorld = world(List.of(script));
        List<List<String>> rate = targetPrefixes(rateWorld, ScheduledGateDepth.yardstick("rate", 0.01, 0.01, 0.01, 8,
                HindsightDraftProbabilities.rate(rateWorld.oracle())));
        assertThat(rate).anyMatch(p -> p.size() >= 2 && p.get(1).equals("W"));
    }

    @Test
    void theOracleKnowsRecordedOutcomesOnlyOnThePlanAndAtRecordedPositions() {
        TaskScript script = new TaskScript(new PlanningTask("t", "task"), List.of("X", "Y", "TERMINATE"),
                List.of("X", "W", "TERMINATE"), Set.of(2));
        HindsightOracle oracle = world(List.of(script)).oracle();
        PlanningTask task = script.task();
        assertThat(oracle.recordedOutcome(task, List.of(), "X")).contains(true);
        assertThat(oracle.recordedOutcome(task, List.of("X"), "W")).contains(false);
        assertThat(oracle.recordedOutcome(task, List.of("X", "Y"), "TERMINATE")).isEqualTo(Optional.empty());
        assertThat(oracle.recordedOutcome(task, List.of("X", "W"), "Y")).as("off the plan").isEmpty();
        assertThat(HindsightDraftProbabilities.partial(oracle).of(task, List.of("X", "Y"), "TERMINATE"))
                .isEqualTo(2.0 / 3);
        assertThatThrownBy(() -> HindsightDraftProbabilities.drawn(oracle).of(task, List.of(), "X"))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Random worlds whose every task has an agreement rate strictly between 0 and 1. */
    private static ScriptedPlanningWorld mixedWorld(long seed) {
        List<TaskScript> scripts = RandomScripts.scripts(seed, 12).stream()
                .filter(s -> s.agreement() > 0 && s.agreement() < 1).toList();
        assertThat(scripts).isNotEmpty();
        return world(scripts);
    }

    @Test
    void withAVanishingGateTheRateSchedulerSpeculatesToTheCapLikeFixK() {
        for (long seed = 1; seed <= 20; seed++) {
            ScriptedPlanningWorld a = mixedWorld(seed);
            ScriptedPlanningWorld b = mixedWorld(seed);
            RunFigures sched = figures(a, ScheduledGateDepth.yardstick("rate", 1e-12, 1e-12, 1e-12, 8,
                    HindsightDraftProbabilities.rate(a.oracle())));
            RunFigures fix = figures(b, new FixedDepth(8));
            assertThat(sched).as("seed " + seed).isEqualTo(fix);
        }
    }

    @Test
    void withAGateOfOneTheRateSchedulerHoldsEveryUnverifiedPrefix() {
        DepthPolicy holdAll = new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 8;
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified) {
                return Speculation.HOLD;
            }

            @Override
            public String name() {
                return "hold";
            }
        };
        for (long seed = 1; seed <= 20; seed++) {
            ScriptedPlanningWorld a = mixedWorld(seed);
            ScriptedPlanningWorld b = mixedWorld(seed);
            RunFigures sched = figures(a, ScheduledGateDepth.yardstick("rate", 1, 1, 1, 8,
                    HindsightDraftProbabilities.rate(a.oracle())));
            assertThat(sched).as("seed " + seed).isEqualTo(figures(b, holdAll));
        }
        // and every target call then continues a verified prefix, i.e. one of the target's own plan prefixes
        ScriptedPlanningWorld w = mixedWorld(4);
        Function<TaskScript, Set<List<String>>> prefixesOf = s -> {
            Set<List<String>> out = new HashSet<>();
            for (int j = 0; j <= s.targetPlan().size(); j++) {
                out.add(s.targetPlan().subList(0, j));
            }
            return out;
        };
        Set<List<String>> allowed = new HashSet<>();
        w.scripts().forEach(s -> allowed.addAll(prefixesOf.apply(s)));
        assertThat(targetPrefixes(w, ScheduledGateDepth.yardstick("rate", 1, 1, 1, 8,
                HindsightDraftProbabilities.rate(w.oracle())))).allMatch(allowed::contains);
    }

    @Test
    void theEpisodeFormOnTheRateIsTheRateOracleDepthRule() {
        for (long seed = 1; seed <= 20; seed++) {
            double theta = 0.05 + 0.1 * (seed % 5);
            ScriptedPlanningWorld a = world(RandomScripts.scripts(seed, 10));
            ScriptedPlanningWorld b = world(RandomScripts.scripts(seed, 10));
            RunFigures episodic = figures(a, ScheduledGateDepth.yardstick("e", theta, theta, theta, 8,
                    HindsightDraftProbabilities.rate(a.oracle())).episodic("e"));
            RunFigures depth = figures(b, new RateOracleDepth("r", b.oracle(), theta, 8));
            assertThat(episodic).as("seed " + seed).isEqualTo(depth);
        }
    }

    @Test
    void anUninformativeClassifierIsTheRateAndAPerfectOneKnowsEveryOutcome() {
        ScriptedPlanningWorld w = world(RandomScripts.scripts(7, 10));
        DraftProbability blind = HindsightDraftProbabilities.classifier(w.oracle(), 0, 1, 1);
        DraftProbability perfect = HindsightDraftProbabilities.classifier(w.oracle(), 0, 1e-9, 1);
        DraftProbability rate = HindsightDraftProbabilities.rate(w.oracle());
        for (TaskScript s : w.scripts()) {
            for (int j = 0; j < s.targetPlan().size(); j++) {
                List<String> prefix = s.targetPlan().subList(0, j);
                String draft = s.drafts().get(j);
                assertThat(blind.of(s.task(), prefix, draft)).isCloseTo(rate.of(s.task(), prefix, draft),
                        offset(1e-12));
                double p = perfect.of(s.task(), prefix, draft);
                if (s.agreement() > 0 && s.agreement() < 1) {
                    assertThat(p).isCloseTo(draft.equals(s.targetPlan().get(j)) ? 1 : 0,
                            offset(1e-6));
                }
            }
        }
        assertThatThrownBy(() -> HindsightDraftProbabilities.classifier(w.oracle(), 1, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void yardsticksRunByNameAndCheckTheirGates() {
        assertThat(PolicySpec.byName("clf-oracle-sched-v0.3-fnr0.02-fpr0.2-e")).isPresent();
        assertThat(PolicySpec.byName("rate-oracle-theta0.25")).isPresent();
        assertThat(PolicySpec.byName("dyn-sched-v0.01-d0.01-w4-e")).as("the learned scheduler in episode form").isPresent();
        assertThat(PolicySpec.byName("rate-oracle-sched-v0.1")).isPresent();
        assertThat(PolicySpec.byName("partial-oracle-sched-v0.5-d0.1-w4")).isPresent();
        assertThat(PolicySpec.byName("bayes-oracle-sched-v1")).isPresent();
        assertThat(PolicySpec.byName("rate-oracle-sched-v0.1-d0.2")).as("draft gate above verify gate").isEmpty();
        assertThat(PolicySpec.yardstick(PolicySpec.Yardstick.RATE, 0.1, 0.1, 0.05).name())
                .isEqualTo("rate-oracle-sched-v0.1-d0.05");
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("x", 1.5, 1, 1, 8, (t, p, d) -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduledGateDepth.yardstick("x", 0.5, 0.5, 0.5, 8, (t, p, d) -> 0.5)
                .window("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
