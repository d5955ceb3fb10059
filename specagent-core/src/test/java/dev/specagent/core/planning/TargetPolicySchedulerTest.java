package dev.specagent.core.planning;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.ledger.Ledger;
import dev.specagent.core.planning.depth.DepthPolicy;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.depth.DraftScoreLog;
import dev.specagent.core.planning.depth.FixedDepth;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.sim.CallProfile;
import dev.specagent.core.planning.sim.ScriptedPlanningWorld;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.core.planning.sweep.PolicySpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification scheduler on the learned target policy ({@code dyn-tpsched}, {@code dyn-tsched}): it
 * learns where a deterministic target disagrees with the approximation and stops verifying on those
 * drafts, and every draft is scored only by a model that has not learned the draft's own episode.
 */
class TargetPolicySchedulerTest {

    private static final List<String> TOOLS = List.of("Denoise", "Deblur", "Caption", "Classify");

    private static ScriptedPlanningWorld world(List<TaskScript> scripts) {
        return new ScriptedPlanningWorld(scripts, new CallProfile(1.2, 0.3, 300, 10, 10, 0.2),
                new CallProfile(6, 0.3, 900, 20, 120, 0.3, 0.7, 0.4), TokenPricing.GPT_4_1_MINI, TOOLS, 5);
    }

    /**
     * Tasks that name noise or blur: the target fixes it, captions, stops; the approximation gets the fix
     * right but always drafts Classify instead of Caption (a miss the draft's text and state give away).
     */
    private static List<TaskScript> scripts(int tasks) {
        List<TaskScript> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            String fix = t % 2 == 0 ? "Denoise" : "Deblur";
            String text = "Given " + (t % 2 == 0 ? "noisy" : "blurry") + " image number " + t + ", how to return the caption?";
            out.add(new TaskScript(new PlanningTask("t" + t, text), List.of(fix, "Caption", "TERMINATE"),
                    List.of(fix, "Classify", "TERMINATE")));
        }
        return out;
    }

    /** How many target calls were started on a prefix holding the wrong draft, per task (in planning order). */
    private static List<Integer> callsOnTheMiss(ScriptedPlanningWorld world, DepthPolicy policy) {
        List<Integer> perTask = new ArrayList<>();
        StepAgent target = world.target();
        StepAgent recording = (task, prefix, clock, done) -> {
            if (prefix.contains("Classify")) {
                perTask.set(perTask.size() - 1, perTask.getLast() + 1);
            }
            return target.propose(task, prefix, clock, done);
        };
        SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation()).target(recording)
                .policy(policy).clock(new SimulatedClock(4)).ledger(new Ledger()).build();
        for (TaskScript s : world.scripts()) {
            perTask.add(0);
            assertThat(planner.plan(s.task()).steps()).isEqualTo(s.targetPlan());
        }
        return perTask;
    }

    @Test
    void learnsToHoldTheVerificationOnAPredictableMiss() {
        for (DraftClassifier classifier : List.of(DraftClassifier.TARGET_POLICY, DraftClassifier.STACKED)) {
            ScriptedPlanningWorld world = world(scripts(40));
            List<Integer> held = callsOnTheMiss(world, ScheduledGateDepth.create("t", 0.1, 0.1, 0.05, 8,
                    PredictorSettings.of(0.5, 1), new SimulatedClock(4), classifier));
            assertThat(held.subList(30, 40)).as(classifier + ": late tasks verify nothing on the miss").containsOnly(0);
            List<Integer> fixed = callsOnTheMiss(world(scripts(40)), new FixedDepth(3));
            assertThat(fixed.subList(30, 40)).as("Fix k = 3 verifies on it").allMatch(n -> n > 0);
        }
    }

    @Test
    void everyDraftIsScoredBeforeItsEpisodeIsLearned() {
        // Two worlds that differ only in the last task's second target step: the scores of that task's drafts
        // cannot differ, since no model may have learned the episode that reveals the step.
        List<List<DraftScoreLog.Entry>> logs = new ArrayList<>();
        for (String last : List.of("Caption", "Classify")) {
            List<TaskScript> scripts = new ArrayList<>(scripts(12));
            TaskScript final_ = scripts.getLast();
            scripts.set(scripts.size() - 1, new TaskScript(final_.task(), List.of(final_.targetPlan().getFirst(), last,
                    "TERMINATE"), final_.drafts()));
            DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.values()));
            SimulatedClock clock = new SimulatedClock(4);
            ScheduledGateDepth policy = ScheduledGateDepth.measured("m", 0.01, 0.01, 8, PredictorSettings.of(0.5, 1),
                    clock, DraftClassifier.TARGET_POLICY, log);
            ScriptedPlanningWorld world = world(scripts);
            SpeculativePlanner planner = SpeculativePlanner.builder().approximation(world.approximation())
                    .target(world.target()).policy(policy).clock(clock).ledger(new Ledger()).build();
            for (TaskScript s : scripts) {
                planner.plan(s.task());
            }
            policy.close();
            logs.add(log.entries());
        }
        List<DraftScoreLog.Entry> a = logs.get(0).stream().filter(e -> e.taskId().equals("t11")).toList();
        List<DraftScoreLog.Entry> b = logs.get(1).stream().filter(e -> e.taskId().equals("t11")).toList();
        DraftScoreLog.Entry missA = a.stream().filter(e -> e.position() == 1).findFirst().orElseThrow();
        DraftScoreLog.Entry missB = b.stream().filter(e -> e.position() == 1).findFirst().orElseThrow();
        assertThat(missA.accepted()).isFalse();
        assertThat(missB.accepted()).isTrue();
        assertThat(missA.scores()).containsExactly(missB.scores());
        assertThat(missA.scores()[1]).as("target policy learned Caption follows a fix").isLessThan(0.2);
        // The first episode of the run is scored cold by the learned models (nothing learned yet).
        DraftScoreLog.Entry first = logs.get(0).getFirst();
        assertThat(Arrays.stream(first.scores()).allMatch(Double::isNaN)).isTrue();
    }

    @Test
    void runsByName() {
        Optional<PolicySpec> t = PolicySpec.byName("dyn-tsched-v0.0003-d0.0001");
        Optional<PolicySpec> tp = PolicySpec.byName("dyn-tpsched-v0.05-l0.01-d0.005-w4-e");
        assertThat(t).isPresent();
        assertThat(tp).isPresent();
        assertThat(PolicySpec.byName("dyn-tsched-v0.01-d0.1")).as("draft gate above the verify gate").isEmpty();
        assertThat(PolicySpec.byName("dyn-xsched-v0.01-d0.01")).isEmpty();
    }
}
