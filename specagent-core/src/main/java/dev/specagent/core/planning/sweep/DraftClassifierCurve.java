package dev.specagent.core.planning.sweep;

import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.depth.DraftClassifier;
import dev.specagent.core.planning.depth.DraftScoreLog;
import dev.specagent.core.planning.depth.PredictorSettings;
import dev.specagent.core.planning.depth.ScheduledGateDepth;
import dev.specagent.core.planning.predictor.DepthLearner;
import dev.specagent.core.planning.predictor.DepthModel;
import dev.specagent.core.planning.predictor.LogisticLoss;
import dev.specagent.core.planning.predictor.StateFeatures;
import dev.specagent.core.planning.predictor.TargetPolicyModel;
import dev.specagent.core.planning.predictor.TrainingSample;
import dev.specagent.core.planning.sim.TaskScript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well each deployable draft classifier separates right drafts from wrong ones in a run: one run of the
 * verification scheduler (driven by one classifier) over the world, every verified draft scored out of sample
 * by every classifier ({@link DraftScoreLog}), then per classifier the share of wrong drafts it would let
 * through (false-positive rate, FPR: scored at or above the threshold) at the threshold that holds a given
 * share of right drafts (false-negative rate, FNR: scored below it). Drafts a classifier scored while cold
 * are left out of its curve.
 */
public final class DraftClassifierCurve {

    /** The miss rates the curve is read at. */
    public static final double[] MISS_RATES = {0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3};

    /**
     * One classifier's curve.
     *
     * @param classifier  the classifier
     * @param subset      which drafts ({@code all} or {@code tools}: TERMINATE drafts left out)
     * @param right       right drafts scored
     * @param wrong       wrong drafts scored
     * @param fpr         the FPR at each of {@link #MISS_RATES}
     * @param auc         the area under the ROC curve (ties count half)
     */
    public record Curve(DraftClassifier classifier, String subset, int right, int wrong, double[] fpr, double auc) {
    }

    private DraftClassifierCurve() {
    }

    /**
     * Runs {@code dyn-sched} gates {@code verifyGate}/{@code draftGate} driven by {@code driver} on the sweep's
     * world and returns every classifier's curves, over all drafts and over tool drafts only.
     */
    public static List<Curve> measure(DspSweep sweep, DraftClassifier driver, double verifyGate, double draftGate) {
        DraftScoreLog log = new DraftScoreLog(List.of(DraftClassifier.values()));
        String name = "measure-" + driver.label();
        sweep.run(new PolicySpec(name, (clock, oracle) -> ScheduledGateDepth.measured(name, verifyGate, draftGate, 8,
                PredictorSettings.of(0.5, 1), clock, driver, log)));
        return curves(log);
    }

    /**
     * Hindsight bounds, not deployable: for each held-out task, models trained on every <em>other</em> task's
     * script score each position of the held-out one (its draft against its target step on the correct
     * prefix): the target-policy model ({@code epochs} passes over the other plans), the acceptance model's
     * logistic regression (state and draft features, {@code epochs} rounds over the other drafts' outcomes),
     * and their logit sum (the stacked classifier's starting point). Curves over all drafts and over tool
     * drafts, in that order per model. Shows how well these feature families could separate right from wrong
     * drafts with all the data the world holds.
     *
     * @throws IllegalArgumentException for fewer than 2 scripts (none would be left to train on) or fewer than 1 epoch
     */
    public static List<Curve> leaveOneTaskOut(List<TaskScript> scripts, int epochs, long seed) {
        if (scripts.size() < 2) {
            throw new IllegalArgumentException("leave-one-task-out needs at least 2 task scripts, got " + scripts.size());
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("leave-one-task-out epochs must be at least 1, got " + epochs);
        }
        StateFeatures features = new StateFeatures(14);
        List<List<List<Double>>> right = new ArrayList<>();
        List<List<List<Double>>> wrong = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            right.add(List.of(new ArrayList<>(), new ArrayList<>()));
            wrong.add(List.of(new ArrayList<>(), new ArrayList<>()));
        }
        for (TaskScript held : scripts) {
            TargetPolicyModel target = TargetPolicyModel.withDefaults(seed);
            List<TrainingSample> outcomes = new ArrayList<>();
            for (TaskScript other : scripts) {
                if (other != held) {
                    for (int j = 0; j < other.targetPlan().size(); j++) {
                        outcomes.add(new TrainingSample(features.features(other.task(), other.targetPlan().subList(0, j),
                                List.of(), other.drafts().get(j)), other.drafts().get(j).equals(other.targetPlan().get(j)) ? 1 : 0));
                    }
                }
            }
            DepthLearner learner = new DepthLearner(new LogisticLoss(), features.dimension(), 3, 8, outcomes.size(), 0.3, seed);
            DepthModel acceptance = null;
            for (int e = 0; e < epochs; e++) {
                for (TaskScript other : scripts) {
                    if (other != held) {
                        target.learn(other.task(), List.of(), other.targetPlan());
                    }
                }
                acceptance = learner.train(outcomes);
            }
            for (int j = 0; j < held.targetPlan().size(); j++) {
                String draft = held.drafts().get(j);
                List<String> prefix = held.targetPlan().subList(0, j);
                double pt = target.probability(held.task(), prefix, draft);
                double pa = LogisticLoss.sigmoid(acceptance.value(features.features(held.task(), prefix, List.of(), draft)));
                double[] scores = {pt, pa, LogisticLoss.sigmoid(logit(pt) + logit(pa))};
                boolean ok = draft.equals(held.targetPlan().get(j));
                for (int m = 0; m < 3; m++) {
                    for (int subset = 0; subset < 2; subset++) {
                        if (subset == 0 || !PlanSteps.isTerminate(draft)) {
                            (ok ? right : wrong).get(m).get(subset).add(scores[m]);
                        }
                    }
                }
            }
        }
        DraftClassifier[] models = {DraftClassifier.TARGET_POLICY, DraftClassifier.ACCEPTANCE, DraftClassifier.STACKED};
        List<Curve> out = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            out.add(curve(models[m], "all", right.get(m).get(0), wrong.get(m).get(0)));
            out.add(curve(models[m], "tools", right.get(m).get(1), wrong.get(m).get(1)));
        }
        return out;
    }

    private static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }

    /** The curves of every classifier of {@code log}, over all drafts, then over tool drafts only. */
    public static List<Curve> curves(DraftScoreLog log) {
        List<Curve> out = new ArrayList<>();
        for (boolean toolsOnly : new boolean[]{false, true}) {
            for (int c = 0; c < log.classifiers().size(); c++) {
                List<Double> right = new ArrayList<>();
                List<Double> wrong = new ArrayList<>();
                for (DraftScoreLog.Entry e : log.entries()) {
                    double s = e.scores()[c];
                    if (Double.isNaN(s) || (toolsOnly && PlanSteps.isTerminate(e.draft()))) {
                        continue;
                    }
                    (e.accepted() ? right : wrong).add(s);
                }
                out.add(curve(log.classifiers().get(c), toolsOnly ? "tools" : "all", right, wrong));
            }
        }
        return out;
    }

    static Curve curve(DraftClassifier classifier, String subset, List<Double> right, List<Double> wrong) {
        double[] pos = right.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] neg = wrong.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] fpr = new double[MISS_RATES.length];
        for (int i = 0; i < MISS_RATES.length; i++) {
            fpr[i] = pos.length == 0 || neg.length == 0 ? Double.NaN : falsePositiveRate(pos, neg, MISS_RATES[i]);
        }
        return new Curve(classifier, subset, pos.length, neg.length, fpr, auc(pos, neg));
    }

    /**
     * The FPR at the highest threshold t that holds at most {@code missRate} of the right drafts (scores
     * below t): t = the right drafts' score of rank floor(missRate · n).
     */
    static double falsePositiveRate(double[] sortedRight, double[] sortedWrong, double missRate) {
        double t = sortedRight[(int) Math.floor(missRate * sortedRight.length)];
        int below = lowerBound(sortedWrong, t);
        return (double) (sortedWrong.length - below) / sortedWrong.length;
    }

    private static double auc(double[] pos, double[] neg) {
        if (pos.length == 0 || neg.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double p : pos) {
            int lower = lowerBound(neg, p);
            int upper = upperBound(neg, p);
            sum += lower + 0.5 * (upper - lower);
        }
        return sum / ((double) pos.length * neg.length);
    }

    private static int lowerBound(double[] a, double v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == v) {
            i--;
        }
        return i;
    }

    private static int upperBound(double[] a, double v) {
        int i = lowerBound(a, v);
        while (i < a.length && a[i] == v) {
            i++;
        }
        return i;
    }
}
