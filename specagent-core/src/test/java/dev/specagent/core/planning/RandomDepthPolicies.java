package dev.specagent.core.planning;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.depth.AcceptanceDepth;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.depth.DynamicDepth;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.GatedDepth;
import dev.specagent.core.planning.depth.HindsightDraftProbabilities;
import dev.specagent.core.planning.depth.OracleDepth;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.depth.Speculation;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Every kind of depth policy for the planner's property tests, parameterised by a seed: fixed, oracle, learned
 * (trained on the clock's trainer: inline on a simulated clock, on a thread on a real one), gated, scheduled,
 * and one answering every question at random. Close a policy that is {@link AutoCloseable} after use.
 */
final class RandomDepthPolicies {

    /** How many kinds {@link #of} knows. */
    static final int KINDS = 12;

    private RandomDepthPolicies() {
    }

    static DepthPolicy of(int kind, Clock clock, ScriptedPlanningWorld world, long seed) {
        return switch (kind) {
            case 0 -> new FixedDepth(1);
            case 1 -> new FixedDepth(2 + (int) (seed % 5));
            case 2 -> new OracleDepth(world.oracle());
            case 3 -> DynamicDepth.create("dyn", PredictorSettings.of(0.5, 0).withSeed(seed), clock);
            case 4 -> DynamicDepth.create("dyn", PredictorSettings.of(0.99, 2).withSeed(seed), clock);
            case 5 -> AcceptanceDepth.create("accept", 0.2, 6, PredictorSettings.of(0.5, 1).withSeed(seed), clock);
            case 6 -> GatedDepth.create("gate", 0.3, 6, PredictorSettings.of(0.5, (int) (seed % 3)).withSeed(seed), clock);
            case 7 -> {
                ScheduledGateDepth sched = ScheduledGateDepth.create("sched", 0.3, 0.05 + 0.1 * (seed % 3), 0.05, 6,
                        PredictorSettings.of(0.5, (int) (seed % 3)).withSeed(seed), clock);
                yield seed % 4 == 0 ? sched.episodic("sched-e") : seed % 4 == 1 ? sched.window("sched-w", 2) : sched;
            }
            case 8 -> {
                double verify = seed % 5 == 0 ? 1 : 0.02 + 0.3 * (seed % 4);
                double late = seed % 2 == 0 ? verify : verify / 2;
                yield ScheduledGateDepth.yardstick("rate-sched", verify, late, late / 2, 6,
                        HindsightDraftProbabilities.rate(world.oracle())).window("rate-sched-w", 1 + (int) (seed % 6));
            }
            case 9 -> {
                ScheduledGateDepth partial = ScheduledGateDepth.yardstick("partial-sched", 0.01 + 0.2 * (seed % 5),
                        0.01 + 0.2 * (seed % 5), 0.01, 6, seed % 2 == 0 ? HindsightDraftProbabilities.partial(world.oracle())
                                : HindsightDraftProbabilities.classifier(world.oracle(), 0.1, 0.3, seed));
                yield seed % 3 == 0 ? partial.episodic("partial-sched-e") : partial;
            }
            case 10 -> {
                // ours: the scheduler on the learned target policy, alone or stacked with the acceptance model
                DraftClassifier classifier = seed % 2 == 0 ? DraftClassifier.STACKED : DraftClassifier.TARGET_POLICY;
                double verify = seed % 3 == 0 ? 0.0003 : 0.05 + 0.1 * (seed % 4);
                ScheduledGateDepth sched = ScheduledGateDepth.create("tsched", verify, verify, verify / 3, 6,
                        PredictorSettings.of(0.5, (int) (seed % 3)).withSeed(seed), clock, classifier);
                yield seed % 5 == 0 ? sched.episodic("tsched-e") : seed % 5 == 1 ? sched.window("tsched-w", 2) : sched;
            }
            default -> randomSchedule(seed);
        };
    }

    /** A policy answering every scheduling question with a seeded random {@link Speculation}. */
    private static DepthPolicy randomSchedule(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new DepthPolicy() {
            @Override
            public int depth(DepthQuery query) {
                return 1 + random.nextInt(7);
            }

            @Override
            public Speculation afterDraft(DepthQuery start, List<String> drafts, int verified) {
                Speculation[] all = Speculation.values();
                return all[random.nextInt(all.length)];
            }

            @Override
            public String name() {
                return "random-schedule";
            }
        };
    }
}
