package dev.specagent.core.planning.sim;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.TokenPricing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scripted world's draws (latency and generated tokens log-normal, prompt tokens linear in the prefix) and its
 * agents' calls: what a call answers past its plan, what a cancel is charged, and what the world tallies.
 */
class ScriptedPlanningWorldTest {

    private static final PlanningTask TASK = new PlanningTask("t", "task");
    private static final List<String> PLAN = List.of("X", "Y", "TERMINATE");
    private static final List<String> VOCABULARY = List.of("A", "B", "C");

    private static ScriptedPlanningWorld world(CallProfile approximation, CallProfile target, long seed) {
        return new ScriptedPlanningWorld(List.of(new TaskScript(TASK, PLAN, List.of("X", "W", "TERMINATE"))),
                approximation, target, TokenPricing.GPT_4_1_MINI, VOCABULARY, seed);
    }

    /** Drafts take 1 s, target steps 6 s (500 prompt tokens, 100 generated), no spread. */
    private static ScriptedPlanningWorld fixed() {
        return world(new CallProfile(1, 0, 100, 15, 10, 0), new CallProfile(6, 0, 500, 25, 100, 0), 1);
    }

    @Test
    void promptTokensGrowLinearlyWithThePrefix() {
        ScriptedPlanningWorld world = fixed();
        assertThat(world.approximationCall(TASK, List.of()).prompt()).isEqualTo(100);
        assertThat(world.approximationCall(TASK, List.of("X", "Y")).prompt()).isEqualTo(100 + 2 * 15);
        assertThat(world.targetCall(TASK, List.of("X", "Y")).prompt()).isEqualTo(500 + 2 * 25);
    }

    @Test
    void latencyAndGeneratedTokensAreLogNormalWithTheProfilesMedianAndSigma() {
        CallProfile profile = new CallProfile(2, 0.5, 100, 0, 1000, 0.3);
        ScriptedPlanningWorld world = world(profile, profile, 7);
        int n = 4000;
        double[] logLatency = new double[n];
        double[] logGenerated = new double[n];
        Set<Double> latencies = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ScriptedPlanningWorld.StepCall call = world.targetCall(TASK, List.of("step " + i));
            logLatency[i] = Math.log(call.latencySeconds());
            logGenerated[i] = Math.log(call.generated());
            latencies.add(call.latencySeconds());
        }
        assertThat(mean(logLatency)).as("log of the median latency").isCloseTo(Math.log(2), within(0.05));
        assertThat(sd(logLatency)).as("sigma of the log latency").isCloseTo(0.5, within(0.05));
        assertThat(mean(logGenerated)).as("log of the median generated tokens").isCloseTo(Math.log(1000), within(0.05));
        assertThat(sd(logGenerated)).as("sigma of the log generated tokens").isCloseTo(0.3, within(0.03));
        assertThat(latencies).as("calls on different prefixes draw apart").hasSizeGreaterThan(n - 10);
    }

    @Test
    void theSameCallDrawsTheSameOnTheSameSeedAndApartOnAnother() {
        CallProfile profile = new CallProfile(2, 0.5, 100, 0, 1000, 0.3);
        List<String> prefix = List.of("X");
        ScriptedPlanningWorld.StepCall once = world(profile, profile, 3).targetCall(TASK, prefix);
        assertThat(world(profile, profile, 3).targetCall(TASK, prefix)).isEqualTo(once);
        assertThat(world(profile, profile, 4).targetCall(TASK, prefix).latencySeconds())
                .isNotEqualTo(once.latencySeconds());
        assertThat(world(profile, profile, 3).approximationCall(TASK, prefix).latencySeconds())
                .as("the other agent").isNotEqualTo(once.latencySeconds());
    }

    @Test
    void onTheWholePlanOrOffItBothAgentsAnswerAWordOfTheVocabulary() {
        ScriptedPlanningWorld world = fixed();
        assertThat(world.targetCall(TASK, List.of("X")).step()).isEqualTo("Y");
        assertThat(world.approximationCall(TASK, List.of("X")).step()).isEqualTo("W");
        assertThat(world.targetCall(TASK, PLAN).step()).isIn(VOCABULARY);
        assertThat(world.approximationCall(TASK, PLAN).step()).isIn(VOCABULARY);
        assertThat(world.targetCall(TASK, List.of("W")).step()).isIn(VOCABULARY);
        assertThat(world.approximationCall(TASK, List.of("X", "W")).step()).isIn(VOCABULARY);
    }

    /** A completion that keeps its reports. */
    private static final class Reports implements Completion<String> {
        final List<String> steps = new ArrayList<>();

        @Override
        public void succeed(String value, Usage usage) {
            steps.add(value);
        }

        @Override
        public void fail(Throwable error, Usage spent) {
            steps.add("failed: " + error);
        }
    }

    @Test
    void aCallCancelledHalfwayIsChargedHalfItsTokensOnceAndNeverReports() {
        ScriptedPlanningWorld world = fixed();
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CallHandle handle = world.target().propose(TASK, List.of(), clock, reports);
        assertThat(world.inFlight()).isEqualTo(1);
        assertThat(world.started()).isEqualTo(1);
        List<Usage> returned = new ArrayList<>();
        clock.schedule(Clock.nanos(3), () -> {
            returned.add(handle.cancel());
            returned.add(handle.cancel());
        });
        clock.drain();
        Usage half = new Usage(500, 50, 0, TokenPricing.GPT_4_1_MINI.costUsd(500, 50));
        assertThat(returned).as("the second cancel is charged nothing").containsExactly(half, Usage.ZERO);
        assertThat(world.charged()).isEqualTo(half);
        assertThat(world.cancels()).isEqualTo(1);
        assertThat(world.inFlight()).isZero();
        assertThat(reports.steps).isEmpty();
    }

    @Test
    void aCallCancelledAfterItFinishedCostsEverythingAndIsChargedOnce() {
        ScriptedPlanningWorld world = fixed();
        SimulatedClock clock = new SimulatedClock(1);
        Reports reports = new Reports();
        CallHandle handle = world.target().propose(TASK, List.of(), clock, reports);
        clock.drain();
        assertThat(reports.steps).containsExactly("X");
        assertThat(world.inFlight()).isZero();
        Usage full = new Usage(500, 100, 0, TokenPricing.GPT_4_1_MINI.costUsd(500, 100));
        assertThat(handle.cancel()).isEqualTo(full);
        assertThat(handle.cancel()).isEqualTo(Usage.ZERO);
        assertThat(world.charged()).isEqualTo(full);
        assertThat(world.cancels()).as("no cancel reached a running call").isZero();
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    private static double sd(double[] xs) {
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }
}
