package dev.specagent.core.planning.sweep;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.depth.DepthQuery;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.depth.DraftScoreLog;
import dev.specagent.core.planning.depth.EpisodeRecord;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.sim.TaskScript;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The FNR/FPR reading of a classifier's scores, the curves of a measured run, and the leave-one-task-out bounds. */
class DraftClassifierCurveTest {

    @Test
    void readsTheFalseAlarmRateAtEachMissRate() {
        // 100 right drafts scored 0.00 .. 0.99; 10 wrong ones scored 0.005, 0.015, ..., 0.095 and one 0.5.
        List<Double> right = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            right.add(i / 100.0);
        }
        List<Double> wrong = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            wrong.add(0.005 + i / 100.0);
        }
        wrong.add(0.5);
        DraftClassifierCurve.Curve c = DraftClassifierCurve.curve(DraftClassifier.TARGET_POLICY, "all", right, wrong);
        // FNR 1%: threshold 0.01 holds 1 right draft (0.00); wrong ones >= 0.01: 0.015..0.095 (9) + 0.5 -> 10/11
        assertThat(c.fpr()[0]).isCloseTo(10.0 / 11, within(1e-12));
        // FNR 5%: threshold 0.05: wrong ones >= 0.05: 0.055..0.095 (5) + 0.5 -> 6/11
        assertThat(c.fpr()[3]).isCloseTo(6.0 / 11, within(1e-12));
        // FNR 30%: threshold 0.30: only 0.5
        assertThat(c.fpr()[6]).isCloseTo(1.0 / 11, within(1e-12));
        assertThat(c.right()).isEqualTo(100);
        assertThat(c.wrong()).isEqualTo(11);
        assertThat(c.auc()).isBetween(0.5, 1.0);
    }

    @Test
    void aucIsOneForSeparatedScoresAndHalfForTies() {
        assertThat(DraftClassifierCurve.curve(DraftClassifier.ACCEPTANCE, "all", List.of(0.8, 0.9), List.of(0.1, 0.2))
                .auc()).isEqualTo(1.0);
        DraftClassifierCurve.Curve ties = DraftClassifierCurve.curve(DraftClassifier.ACCEPTANCE, "all",
                List.of(0.5, 0.5), List.of(0.5));
        assertThat(ties.auc()).isEqualTo(0.5);
        assertThat(ties.fpr()[0]).as("every wrong draft ties the threshold and is verified").isEqualTo(1.0);
    }

    /** Wrong drafts that tie the threshold all count as let through, however many share the score. */
    @Test
    void everyWrongDraftThatTiesTheThresholdIsLetThrough() {
        DraftClassifierCurve.Curve c = DraftClassifierCurve.curve(DraftClassifier.STACKED, "all",
                List.of(0.5, 0.7, 0.9), List.of(0.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
        // FNR 1%: the threshold is the lowest right score, 0.5; the six wrong drafts at 0.5 pass it
        assertThat(c.fpr()[0]).isCloseTo(6.0 / 7, within(1e-12));
        // each right draft beats the 0.1; the 0.5 ties six (half each); 0.7 and 0.9 beat all seven
        assertThat(c.auc()).isCloseTo((1 + 3 + 7 + 7) / 21.0, within(1e-12));
        DraftClassifierCurve.Curve none = DraftClassifierCurve.curve(DraftClassifier.STACKED, "all", List.of(0.5), List.of());
        assertThat(none.fpr()[0]).isNaN();
        assertThat(none.auc()).isNaN();
    }

    /**
     * The leave-one-task-out bounds: per model (target policy, acceptance, stacked) a curve over all drafts and one over
     * tool drafts (TERMINATE drafts left out), each scoring every position of every task once; in a world whose only
     * wrong draft is one tool, the models trained on the other tasks tell it from the right ones.
     */
    @Test
    void leaveOneTaskOutScoresEveryPositionOnceByEachModel() {
        List<TaskScript> scripts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PlanningTask task = new PlanningTask("t" + i, "Given photo image number " + i + ", how to caption it?");
            List<String> plan = List.of("Image Denoising", "Image Captioning", "TERMINATE");
            List<String> drafts = i % 2 == 0 ? plan : List.of("Image Denoising", "Image Deblurring", "TERMINATE");
            scripts.add(new TaskScript(task, plan, drafts));
        }
        List<DraftClassifierCurve.Curve> curves = DraftClassifierCurve.leaveOneTaskOut(scripts, 4, 3);
        assertThat(curves).extracting(DraftClassifierCurve.Curve::classifier).containsExactly(
                DraftClassifier.TARGET_POLICY, DraftClassifier.TARGET_POLICY, DraftClassifier.ACCEPTANCE,
                DraftClassifier.ACCEPTANCE, DraftClassifier.STACKED, DraftClassifier.STACKED);
        for (int m = 0; m < 3; m++) {
            DraftClassifierCurve.Curve all = curves.get(2 * m);
            DraftClassifierCurve.Curve tools = curves.get(2 * m + 1);
            assertThat(all.subset()).isEqualTo("all");
            assertThat(tools.subset()).isEqualTo("tools");
            // 24 positions: 4 wrong (Image Deblurring), 20 right of which 8 are TERMINATE
            assertThat(all.right()).as(all.classifier().label()).isEqualTo(20);
            assertThat(all.wrong()).isEqualTo(4);
            assertThat(tools.right()).isEqualTo(12);
            assertThat(tools.wrong()).isEqualTo(4);
            assertThat(all.auc()).as(all.classifier().label()).isGreaterThan(0.9);
        }
    }

    /**
     * A held-out task's own outcomes never reach its models: where whether a task's first draft is right is told by
     * nothing the tasks share (each first draft a tool of its own, right in half the tasks), no model does much better
     * than chance on the tool drafts.
     */
    @Test
    void leaveOneTaskOutNeverTrainsOnTheHeldOutTask() {
        List<TaskScript> scripts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PlanningTask task = new PlanningTask("t" + i, "Given photo image number " + i + ", how to caption it?");
            List<String> plan = List.of("Tool " + i, "TERMINATE");
            scripts.add(new TaskScript(task, plan, List.of(i % 2 == 0 ? "Tool " + i : "Other " + i, "TERMINATE")));
        }
        List<DraftClassifierCurve.Curve> curves = DraftClassifierCurve.leaveOneTaskOut(scripts, 4, 3);
        for (int m = 0; m < 3; m++) {
            DraftClassifierCurve.Curve tools = curves.get(2 * m + 1);
            assertThat(tools.right()).isEqualTo(4);
            assertThat(tools.wrong()).isEqualTo(4);
            assertThat(tools.auc()).as(tools.classifier().label()).isLessThan(0.75);
        }
    }

    /**
     * The bounds need two tasks (one held out, one to train on) and at least one training pass: fewer is refused
     * naming what is missing, not a failure inside the learner or a missing model.
     */
    @Test
    void leaveOneTaskOutRefusesOneTaskOrNoTrainingPass() {
        List<TaskScript> scripts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            scripts.add(new TaskScript(new PlanningTask("t" + i, "caption photo " + i), List.of("A", "TERMINATE"),
                    List.of("A", "TERMINATE")));
        }
        assertThatThrownBy(() -> DraftClassifierCurve.leaveOneTaskOut(scripts.subList(0, 1), 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 task scripts, got 1");
        assertThatThrownBy(() -> DraftClassifierCurve.leaveOneTaskOut(scripts, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs must be at least 1, got 0");
        assertThat(DraftClassifierCurve.leaveOneTaskOut(scripts, 1, 1)).hasSize(6);
    }

    /**
     * The curves of a measured run: per classifier in the log's order, over all drafts then over tool drafts, each
     * counting the verified drafts it scored, those it scored while cold (the acceptance model before its first
     * training round is published, the target policy before it learned a step) left out.
     */
    @Test
    void aMeasuredRunsCurvesCountTheDraftsEachClassifierScoredWarm() {
        SimulatedClock clock = new SimulatedClock(1);
        PlanningTask task = new PlanningTask("t", "Given photo image, how to caption it?");
        DepthQuery start = new DepthQuery(task, List.of(), List.of(), 20);
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.ACCEPTANCE, DraftClassifier.TARGET_POLICY));
        EpisodeRecord right = new EpisodeRecord(task, List.of(), 2, 2, 2, List.of("Image Captioning", "TERMINATE"),
                List.of("Image Captioning", "TERMINATE"), EpisodeRecord.End.PLAN_DONE);
        EpisodeRecord wrong = new EpisodeRecord(task, List.of(), 2, 0, 1, List.of("Image Captioning"),
                List.of("Image Denoising", "Image Captioning"), EpisodeRecord.End.MISMATCH);
        try (ScheduledGateDepth measured = ScheduledGateDepth.measured("m", 0.3, 0.1, 8, PredictorSettings.of(0.5, 1),
                clock, DraftClassifier.ACCEPTANCE, log)) {
            // both cold, then only the target policy warm (the clock holds the acceptance model's first round back)
            for (EpisodeRecord e : List.of(right, wrong, right, wrong)) {
                measured.depth(start);
                measured.episodeFinished(e);
            }
            clock.drain();
            measured.depth(start);
            measured.episodeFinished(right);
        }
        assertThat(log.entries()).hasSize(8);
        List<DraftClassifierCurve.Curve> curves = DraftClassifierCurve.curves(log);
        assertThat(curves).extracting(DraftClassifierCurve.Curve::classifier).containsExactly(DraftClassifier.ACCEPTANCE,
                DraftClassifier.TARGET_POLICY, DraftClassifier.ACCEPTANCE, DraftClassifier.TARGET_POLICY);
        assertThat(curves).extracting(DraftClassifierCurve.Curve::subset).containsExactly("all", "all", "tools", "tools");
        assertThat(curves).extracting(DraftClassifierCurve.Curve::right).containsExactly(2, 4, 1, 2);
        assertThat(curves).extracting(DraftClassifierCurve.Curve::wrong).containsExactly(0, 2, 0, 2);
    }
}
