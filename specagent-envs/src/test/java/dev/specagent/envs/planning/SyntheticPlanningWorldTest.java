package dev.specagent.envs.planning;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.planning.PlanResult;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.SpeculativePlanner;
import dev.specagent.core.planning.TokenPricing;
import dev.specagent.core.planning.depth.DynamicDepth;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.envs.planning.synthetic.SyntheticPlanningWorld;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The synthetic world's controlled agreement, and the predictor's learning curve on it. */
class SyntheticPlanningWorldTest {

    @Test
    void agreementFollowsTheSourceNamedInTheTask() {
        List<TaskScript> scripts = SyntheticPlanningWorld.scripts(800, 5);
        for (int s = 0; s < SyntheticPlanningWorld.SOURCES.size(); s++) {
            String source = " " + SyntheticPlanningWorld.SOURCES.get(s) + " image";
            double mean = scripts.stream().filter(t -> t.task().description().contains(source))
                    .mapToDouble(TaskScript::agreement).average().orElseThrow();
            assertThat(mean).as(source).isBetween(SyntheticPlanningWorld.AGREEMENT[s] - 0.1,
                    SyntheticPlanningWorld.AGREEMENT[s] + 0.1);
        }
    }

    /**
     * The world's draw probability is calibrated: over many drawn tasks, the mean probability it gives the
     * drafts of each kind (by source, TERMINATE or a tool) matches how often those drafts are right, and
     * differs from the plain source rate where the draft's text tells something (TERMINATE drafts).
     */
    @Test
    void theDrawProbabilityIsTheGeneratorsPosterior() {
        List<TaskScript> scripts = SyntheticPlanningWorld.scripts(6000, 17);
        ScriptedPlanningWorld world = SyntheticPlanningWorld.world(6000, 17, TokenPricing.GPT_4_1_MINI);
        for (int s = 0; s < SyntheticPlanningWorld.SOURCES.size(); s++) {
            String source = " " + SyntheticPlanningWorld.SOURCES.get(s) + " image";
            for (boolean terminate : new boolean[]{false, true}) {
                double predicted = 0;
                double right = 0;
                int n = 0;
                for (TaskScript t : scripts) {
                    if (!t.task().description().contains(source)) {
                        continue;
                    }
                    for (int j = 0; j < t.targetPlan().size(); j++) {
                        String draft = t.drafts().get(j);
                        if (PlanSteps.isTerminate(draft) != terminate) {
                            continue;
                        }
                        double p = world.oracle().drawProbability(t.task(), t.targetPlan().subList(0, j), draft);
                        assertThat(p).isEqualTo(SyntheticPlanningWorld.drawProbability(
                                SyntheticPlanningWorld.AGREEMENT[s], j, draft));
                        predicted += p;
                        right += draft.equals(t.targetPlan().get(j)) ? 1 : 0;
                        n++;
                    }
                }
                String what = source + (terminate ? " TERMINATE" : " tool") + " drafts (" + n + ")";
                assertThat(n).as(what).isGreaterThan(400);
                assertThat(predicted / n).as(what).isCloseTo(right / n, offset(0.03));
            }
        }
        // a TERMINATE draft at the first step is never right (plans hold at least two steps); later it is
        // likelier right than the source rate says, a tool draft at the last possible step never is
        assertThat(SyntheticPlanningWorld.drawProbability(0.5, 0, PlanSteps.TERMINATE)).isZero();
        assertThat(SyntheticPlanningWorld.drawProbability(0.5, 4, PlanSteps.TERMINATE)).isGreaterThan(0.5);
        assertThat(SyntheticPlanningWorld.drawProbability(0.95, 8, SyntheticPlanningWorld.TOOLS.get(0))).isZero();
        assertThat(SyntheticPlanningWorld.drawProbability(0.95, 0, SyntheticPlanningWorld.TOOLS.get(0))).isEqualTo(0.95 / (0.95 + 0.05 * 14 / 15.0), offset(1e-12));
    }

    /**
     * The oracle's draw probability for a task the world does not hold is refused like its other answers ("unknown task"),
     * where it failed with a NullPointerException from unboxing a missing agreement.
     */
    @Test
    void theDrawProbabilityOfAnUnknownTaskIsRefusedNamingIt() {
        ScriptedPlanningWorld world = SyntheticPlanningWorld.world(3, 1, TokenPricing.GPT_4_1_MINI);
        PlanningTask stranger = new PlanningTask("elsewhere-1", "Given photo image, how to describe it in English step by step?");
        assertThatThrownBy(() -> world.oracle().agreementRate(stranger)).hasMessage("unknown task elsewhere-1");
        assertThatThrownBy(() -> world.oracle().drawProbability(stranger, List.of(), PlanSteps.TERMINATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown task elsewhere-1");
    }

    /** The dynamic policy's depth error (|k - oracle k|) falls as it learns online. */
    @Test
    void thePredictorLearnsOnline() {
        ScriptedPlanningWorld world = SyntheticPlanningWorld.world(300, 11, TokenPricing.GPT_4_1_MINI);
        SimulatedClock clock = new SimulatedClock(11);
        DynamicDepth policy = DynamicDepth.create("dyn", PredictorSettings.of(0.5, 0), clock);
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                .target(world.target()).policy(policy).clock(clock).ledger(new Ledger()).build();
        List<Double> errors = new ArrayList<>();
        for (TaskScript script : world.scripts()) {
            PlanResult result = planner.plan(script.task());
            for (EpisodeRecord e : result.episodes()) {
                int oracle = world.oracle().acceptedAhead(e.task(), e.start()) + 1;
                errors.add((double) Math.abs(e.depth() - oracle));
            }
        }
        policy.close();
        int n = errors.size();
        double early = errors.subList(0, n / 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double late = errors.subList(4 * n / 5, n).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(policy.trainer().roundsPublished()).isGreaterThan(10);
        assertThat(late).as("late mean |k - oracle k| vs early " + early).isLessThan(early * 0.9);
    }
}
