package dev.specagent.envs.planning;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.specagent.core.data.DataDirectory;
import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.TokenPricing;
import dev.specagent.core.planning.sim.TaskScript;
import dev.specagent.core.planning.sweep.DspSweep;
import dev.specagent.core.planning.sweep.PolicySpec;
import dev.specagent.core.planning.sweep.SweepRow;
import dev.specagent.envs.planning.replay.PilotLogFit;
import dev.specagent.envs.planning.replay.RecordedPlans;
import dev.specagent.envs.planning.replay.ReplayPlanningWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The replay world read from the authors' recorded data. */
class ReplayPlanningWorldTest {

    private static ReplayPlanningWorld replay;

    @BeforeAll
    static void load() {
        assumeTrue(DataDirectory.find().isPresent(), "shared data directory not available");
        replay = ReplayPlanningWorld.fromDataDirectory();
    }

    @Test
    void importsTheRecordedPlansAndDrafts() {
        RecordedPlans.Imported imported = replay.imported();
        assertThat(imported.scripts()).hasSize(138);
        assertThat(imported.skippedTasks()).isEqualTo(22);
        assertThat(imported.vocabulary()).contains("Image Denoising", "Image Captioning").doesNotContain("TERMINATE");
        Map<String, TaskScript> byText = imported.scripts().stream()
                .collect(Collectors.toMap(s -> s.task().description(), Function.identity()));
        // recorded: A1..A4 = Denoising, Deblurring, Super-Resolution, TERMINATE; T1, T2 = Denoising, Super-Resolution;
        // then A3 = TERMINATE on the corrected prefix, T3 = Colorization
        TaskScript noisyGray = byText.get("Given noisy grayscale image, how to return the regular image step by step?");
        assertThat(noisyGray.targetPlan().subList(0, 3)).containsExactly("Image Denoising", "Image Super-Resolution", "Colorization");
        assertThat(noisyGray.drafts().subList(0, 3)).containsExactly("Image Denoising", "Image Deblurring", "TERMINATE");
        for (TaskScript s : imported.scripts()) {
            assertThat(s.targetPlan().getLast()).isEqualTo(PlanSteps.TERMINATE);
        }
    }

    /**
     * Which positions the record covers: the hand-checked task's first three are recorded, every filled-in
     * position (no draft on a correct prefix, or past the recorded plan) is a miss, and the hindsight oracle
     * tells recorded outcomes only.
     */
    @Test
    void tellsRecordedFromFilledInPositions() {
        TaskScript noisyGray = replay.imported().scripts().stream().filter(s -> s.task().description()
                .equals("Given noisy grayscale image, how to return the regular image step by step?")).findFirst().orElseThrow();
        assertThat(noisyGray.recorded(0) && noisyGray.recorded(1) && noisyGray.recorded(2)).isTrue();
        assertThat(noisyGray.recorded(noisyGray.targetPlan().size() - 1)).as("the appended TERMINATE").isFalse();
        int recordedRight = 0;
        int recordedWrong = 0;
        int filled = 0;
        for (TaskScript s : replay.imported().scripts()) {
            for (int j = 0; j < s.targetPlan().size(); j++) {
                boolean right = s.drafts().get(j).equals(s.targetPlan().get(j));
                if (s.recorded(j)) {
                    recordedRight += right ? 1 : 0;
                    recordedWrong += right ? 0 : 1;
                } else {
                    assertThat(right).as(s.task().id() + " filled position " + j).isFalse();
                    filled++;
                }
            }
        }
        assertThat(List.of(recordedRight, recordedWrong, filled)).containsExactly(253, 227, 137);
        var world = replay.world(138, 1, TokenPricing.GPT_4_1_MINI);
        var oracle = world.oracle();
        assertThat(oracle.recordedOutcome(noisyGray.task(), List.of(), "Image Denoising")).contains(true);
        assertThat(oracle.recordedOutcome(noisyGray.task(), List.of("Image Denoising"), "Image Deblurring")).contains(false);
        assertThat(oracle.recordedOutcome(noisyGray.task(), noisyGray.targetPlan().subList(0, noisyGray.targetPlan().size() - 1),
                "Image Denoising")).isEmpty();
    }

    /** Since every filled-in position is a miss, the partial oracle holding every doubtful prefix is the hindsight oracle. */
    @Test
    void thePartialOracleAtGateOneCostsWhatTheHindsightOracleDoes() {
        DspSweep sweep = new DspSweep(() -> replay.world(40, 3, TokenPricing.GPT_4_1_MINI), 3, 20);
        List<SweepRow> rows = sweep.table(List.of(PolicySpec.oracle(), PolicySpec.byName("partial-oracle-sched-v1").orElseThrow(),
                PolicySpec.byName("rate-oracle-sched-v1").orElseThrow()));
        SweepRow oracle = rows.get(1);
        SweepRow partial = rows.get(2);
        SweepRow rate = rows.get(3);
        assertThat(partial.timeRatio()).isCloseTo(oracle.timeRatio(), offset(1e-9));
        assertThat(partial.costRatio()).isCloseTo(oracle.costRatio(), offset(0.01));
        assertThat(rate.timeRatio()).as("knowing only the rate, holding costs time").isGreaterThan(oracle.timeRatio() * 1.1);
    }

    @Test
    void fitsLatenciesAndTokensFromThePilotLogs() {
        PilotLogFit fit = replay.fit();
        assertThat(fit.approximation().latencyMedianSeconds()).isBetween(0.5, 2.0);
        assertThat(fit.target().latencyMedianSeconds()).isBetween(4.0, 10.0);
        assertThat(fit.approximation().generatedMedian()).isBetween(5.0, 15.0);
        assertThat(fit.target().generatedMedian()).isBetween(80.0, 300.0);
        assertThat(fit.target().promptBase()).isGreaterThan(fit.approximation().promptBase());
        assertThat(fit.approximationSamples()).isGreaterThan(50);
        // 82 timed target steps in the logs, one of them cancelled (target_datapoint12.log, step 8 - None)
        assertThat(fit.targetSamples()).isEqualTo(81);
        // ReAct: the thought call takes most of a step and sends well under half of its prompt tokens
        assertThat(fit.target().firstCallShare()).isBetween(0.6, 0.95);
        assertThat(fit.target().firstPromptShare()).isBetween(0.3, 0.5);
        assertThat(fit.approximation().firstCallShare()).isEqualTo(1.0);
    }

    /**
     * Drafts are read from the chain each episode starts on the verified prefix: a cancelled chain's leftover
     * drafts, logged after the target's step or on the new chain's first position, are not the approximation's
     * answer on the plan.
     */
    @Test
    void draftsComeFromTheChainOnTheVerifiedPrefixNotFromLeftovers(@TempDir Path dir) throws Exception {
        String one = "Task one\nPrevious history:\nApproximation Step 1: Alpha\nApproximation Step 2: Beta\n"
                + "Target Step 1: Gamma\nApproximation Step 3: Delta\nApproximation Step 2: Beta\n"
                + "Approximation Step 3: Delta\nTarget Step 2: Beta\nTarget Step 3: Alpha";
        String two = "Task two\nPrevious history:\nApproximation Step 1: Alpha\nTarget Step 1: Gamma\n"
                + "Approximation Step 2: Gamma\nApproximation Step 2: Beta\nTarget Step 2: Beta\n"
                + "Approximation Step 3: Gamma\nTarget Step 3: Gamma";
        var mapper = new ObjectMapper();
        var root = mapper.createArrayNode();
        for (String state : List.of(one, two)) {
            root.addObject().putArray("trajectory").addObject().put("state", state).put("reward", 1).put("k", 2);
        }
        Path file = dir.resolve("histories.json");
        Files.writeString(file, root.toString());
        Map<String, TaskScript> byTask = RecordedPlans.read(file).scripts().stream()
                .collect(Collectors.toMap(s -> s.task().description(), Function.identity()));
        TaskScript first = byTask.get("Task one");
        assertThat(first.targetPlan().subList(0, 3)).containsExactly("Gamma", "Beta", "Alpha");
        assertThat(first.drafts().subList(0, 3)).containsExactly("Alpha", "Beta", "Delta");
        TaskScript second = byTask.get("Task two");
        assertThat(second.drafts().subList(0, 3)).containsExactly("Alpha", "Beta", "Gamma");
        for (TaskScript s : List.of(first, second)) {
            assertThat(s.recorded(0) && s.recorded(1) && s.recorded(2)).as(s.task().description()).isTrue();
        }
    }

    @Test
    void aMalformedRecordIsReportedWithItsPlace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"trajectory\": [{\"state\": \"task\", \"reward\": 1}]}]");
        assertThatThrownBy(() -> RecordedPlans.read(bad)).hasMessageContaining("bad.json")
                .hasMessageContaining("episode 0 state 0").hasMessageContaining("'k'");
        Files.writeString(bad, "{not json");
        assertThatThrownBy(() -> RecordedPlans.read(bad)).hasMessageContaining("not valid JSON");
        // episodes appended as a second array were dropped unread
        Files.writeString(bad, "[]\n[{\"trajectory\": []}]\n");
        assertThatThrownBy(() -> RecordedPlans.read(bad))
                .hasMessage(bad + ": not valid JSON: line 2, column 1: "
                        + "a second JSON value follows the first (only one is allowed)");
    }

    @Test
    void sweepIsDeterministicAndOrdersThePoliciesAsExpected() {
        DspSweep sweep = new DspSweep(() -> replay.world(40, 3, TokenPricing.GPT_4_1_MINI), 3, 20);
        List<SweepRow> a = sweep.table(PolicySpec.paperRows());
        List<SweepRow> b = sweep.table(PolicySpec.paperRows());
        assertThat(a).extracting(SweepRow::figures).isEqualTo(b.stream().map(SweepRow::figures).toList());
        Map<String, SweepRow> rows = a.stream().collect(Collectors.toMap(SweepRow::policy, Function.identity()));
        assertThat(rows.get("fix-6").timeRatio()).isLessThan(rows.get("fix-2").timeRatio());
        assertThat(rows.get("fix-6").costRatio()).isGreaterThan(rows.get("fix-2").costRatio());
        assertThat(rows.get("oracle").timeRatio()).isLessThanOrEqualTo(rows.get("fix-6").timeRatio() + 1e-9);
        assertThat(rows.get("dyn-tau0.99").k()).isGreaterThan(rows.get("dyn-tau0.5").k());
        assertThat(rows.get("target-only").timeRatio()).isEqualTo(1.0);
    }
}
