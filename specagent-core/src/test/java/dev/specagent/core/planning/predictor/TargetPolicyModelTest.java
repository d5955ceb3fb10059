package dev.specagent.core.planning.predictor;

import dev.specagent.core.planning.PlanningTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online model of the target's policy: it learns a deterministic policy that depends on which
 * degradations the task names and which tools the prefix already holds, its probabilities are close to a
 * stochastic target's frequencies, and a step never committed gets the (small) probability of a novel step.
 */
class TargetPolicyModelTest {

    private static final String[] DEGRADATIONS = {"noisy", "blurry", "low-resolution", "grayscale"};
    private static final String[] FIXES = {"Denoise", "Deblur", "Upscale", "Colorize"};
    private static final String[] QUESTIONS = {"caption", "class label", "object names"};
    private static final String[] ANSWERS = {"Caption", "Classify", "Detect"};

    /** A task naming a random subset of degradations and a question; the target fixes them in a fixed order, answers, stops. */
    private record Scripted(PlanningTask task, List<String> plan) {
    }

    private static Scripted task(SplittableRandom r, int id) {
        StringBuilder text = new StringBuilder("Given ");
        List<String> plan = new ArrayList<>();
        for (int d = 0; d < DEGRADATIONS.length; d++) {
            if (r.nextBoolean()) {
                text.append(DEGRADATIONS[d]).append(' ');
                plan.add(FIXES[d]);
            }
        }
        int q = r.nextInt(QUESTIONS.length);
        text.append("image, how to return the ").append(QUESTIONS[q]).append(" step by step?");
        plan.add(ANSWERS[q]);
        plan.add("TERMINATE");
        return new Scripted(new PlanningTask("t" + id, text.toString()), plan);
    }

    @Test
    void learnsADeterministicTargetPolicyOnline() {
        TargetPolicyModel model = TargetPolicyModel.withDefaults(7);
        SplittableRandom r = new SplittableRandom(11);
        double late = 0;
        double wrongLate = 0;
        int lateSteps = 0;
        for (int t = 0; t < 300; t++) {
            Scripted s = task(r, t);
            if (t >= 250) { // score before learning the task: out of sample, as the planner does
                for (int j = 0; j < s.plan().size(); j++) {
                    List<String> prefix = s.plan().subList(0, j);
                    late += model.probability(s.task(), prefix, s.plan().get(j));
                    // a plausible wrong step: a fix already applied, or the answer before the fixes are done
                    String wrong = j > 0 ? s.plan().get(j - 1) : "Classify".equals(s.plan().get(0)) ? "Caption" : "Classify";
                    wrongLate += model.probability(s.task(), prefix, wrong);
                    lateSteps++;
                }
            }
            model.learn(s.task(), List.of(), s.plan());
        }
        assertThat(late / lateSteps).as("mean probability of the target's step, held-out tasks").isGreaterThan(0.85);
        assertThat(wrongLate / lateSteps).as("mean probability of a plausible wrong step").isLessThan(0.05);
        assertThat(model.labels()).isGreaterThan(900);
    }

    @Test
    void probabilitiesMatchAStochasticTargetsFrequencies() {
        TargetPolicyModel model = TargetPolicyModel.withDefaults(3);
        SplittableRandom r = new SplittableRandom(5);
        PlanningTask noisy = new PlanningTask("a", "Given noisy image, how to return the caption?");
        PlanningTask blurry = new PlanningTask("b", "Given blurry image, how to return the caption?");
        for (int i = 0; i < 1500; i++) {
            // noisy: Denoise first with 0.7, else Caption; blurry: Deblur first with 0.3, else Caption
            model.learn(noisy, List.of(), List.of(r.nextDouble() < 0.7 ? "Denoise" : "Caption"));
            model.learn(blurry, List.of(), List.of(r.nextDouble() < 0.3 ? "Deblur" : "Caption"));
        }
        assertThat(model.probability(noisy, List.of(), "Denoise")).isBetween(0.6, 0.8);
        assertThat(model.probability(noisy, List.of(), "Caption")).isBetween(0.2, 0.4);
        assertThat(model.probability(blurry, List.of(), "Deblur")).isBetween(0.2, 0.4);
        assertThat(model.probability(blurry, List.of(), "Deblur") + model.probability(blurry, List.of(), "Caption"))
                .isGreaterThan(0.97);
    }

    @Test
    void aNeverCommittedStepGetsTheNovelStepProbabilityAndTheModelStartsUntrained() {
        TargetPolicyModel model = TargetPolicyModel.withDefaults(1);
        PlanningTask task = new PlanningTask("a", "Given noisy image, how to return the caption?");
        assertThat(model.trained()).isFalse();
        for (int i = 0; i < 200; i++) {
            model.learn(task, List.of(), List.of("Denoise", "Caption", "TERMINATE"));
        }
        assertThat(model.trained()).isTrue();
        double garbled = model.probability(task, List.of(), "Deno-ise");
        assertThat(garbled).isLessThan(0.02).isEqualTo(model.probability(task, List.of(), "Never Seen"));
        assertThat(model.probability(task, List.of("Denoise"), "Caption")).isGreaterThan(0.95);
    }

    @Test
    void isDeterministicForASeedAndChecksItsArguments() {
        PlanningTask task = new PlanningTask("a", "Given noisy blurry image, how to return the caption?");
        double[] p = new double[2];
        for (int run = 0; run < 2; run++) {
            TargetPolicyModel model = TargetPolicyModel.withDefaults(9);
            for (int i = 0; i < 50; i++) {
                model.learn(task, List.of(), List.of(i % 3 == 0 ? "Deblur" : "Denoise", "Caption"));
            }
            p[run] = model.probability(task, List.of(), "Deblur");
        }
        assertThat(p[0]).isEqualTo(p[1]);
        assertThatThrownBy(() -> new TargetPolicyModel(12, 0, 10, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetPolicyModel(4, 0.3, 10, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Each new label is a step of its own: without replay, a step committed again and again becomes the likely one. */
    @Test
    void withoutReplayEveryNewLabelIsLearned() {
        PlanningTask task = new PlanningTask("a", "Given noisy image, how to return the caption?");
        TargetPolicyModel model = new TargetPolicyModel(8, 0.3, 1, 0, 1);
        for (int i = 0; i < 30; i++) {
            model.learn(task, List.of(), List.of("Denoise"));
        }
        assertThat(model.labels()).isEqualTo(30);
        assertThat(model.probability(task, List.of(), "Denoise")).isGreaterThan(0.9);
    }

    /** The bounds of each argument, both sides, each refusal naming what it got. */
    @Test
    void itsArgumentsAreCheckedAtTheirBounds() {
        new TargetPolicyModel(8, 0.3, 1, 0, 1);
        new TargetPolicyModel(22, 0.3, 1, 0, 1);
        assertThatThrownBy(() -> new TargetPolicyModel(12, 0.3, 0, 1, 1)).hasMessageContaining("bufferCapacity >= 1")
                .hasMessageEndingWith("got 0.3, 0, 1");
        assertThatThrownBy(() -> new TargetPolicyModel(12, 0.3, 10, -1, 1)).hasMessageEndingWith("got 0.3, 10, -1");
        assertThatThrownBy(() -> new TargetPolicyModel(7, 0.3, 10, 1, 1)).hasMessage("featureBits must be in 8..22, got 7");
        assertThatThrownBy(() -> new TargetPolicyModel(23, 0.3, 10, 1, 1)).hasMessage("featureBits must be in 8..22, got 23");
    }
}
