package dev.specagent.core.planning.predictor;

import dev.specagent.core.planning.PlanningTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An online model of the target's own policy: P(the target's next step = s | task, verified prefix), a
 * multinomial logistic regression (softmax) over the step names the target has committed so far, on hashed
 * features of the state (task words and bigrams, the prefix's length, last steps, the steps it already holds,
 * and task words crossed with those steps and with the length), one weight vector per step name. Because the weights are per step, the model can
 * learn e.g. "the task names noise and the prefix holds no denoising step, so denoising comes next" without
 * being told which word goes with which tool.
 *
 * <p>Every committed target step is a label ({@link #learn}): many more labels than draft outcomes. A step
 * name never committed before is first learned as the class "other" (and gets its own class from then on),
 * so {@link #probability} of a name the target never produced is the learned chance of a novel step.
 * Training is AdaGrad on the log loss, one step per new label plus {@code replayPerLabel} steps on labels
 * drawn (seeded) from a bounded buffer of earlier ones; it runs synchronously inside {@link #learn}, which
 * takes microseconds per label, so the model a draft is scored with is the one after the last finished
 * episode. Deterministic for a seed. Not thread-safe: confine to one thread (the planner's loop).
 */
public final class TargetPolicyModel {

    /** The class of step names not committed before. */
    private static final int OTHER = 0;

    private final int slots;
    private final int dimension;
    private final double learningRate;
    private final int bufferCapacity;
    private final int replayPerLabel;
    private final SplittableRandom random;
    private final Map<String, Integer> classOf = new HashMap<>();
    private final List<double[]> weights = new ArrayList<>();
    private final List<double[]> gradSquares = new ArrayList<>();
    private final List<Sample> buffer = new ArrayList<>();
    private int next;
    private long labels;

    private record Sample(SparseVector x, String step) {
    }

    /**
     * @param featureBits     hashed slots are 2^featureBits (8..22)
     * @param learningRate    AdaGrad's step size, positive
     * @param bufferCapacity  labels kept for replay, at least 1
     * @param replayPerLabel  replayed labels per new label, at least 0
     * @param seed            seed of the replay draws
     */
    public TargetPolicyModel(int featureBits, double learningRate, int bufferCapacity, int replayPerLabel, long seed) {
        if (!(learningRate > 0) || bufferCapacity < 1 || replayPerLabel < 0) {
            throw new IllegalArgumentException("need learningRate > 0, bufferCapacity >= 1, replayPerLabel >= 0, got "
                    + learningRate + ", " + bufferCapacity + ", " + replayPerLabel);
        }
        if (featureBits < 8 || featureBits > 22) {
            throw new IllegalArgumentException("featureBits must be in 8..22, got " + featureBits);
        }
        this.slots = 1 << featureBits;
        this.dimension = slots + 1;
        this.learningRate = learningRate;
        this.bufferCapacity = bufferCapacity;
        this.replayPerLabel = replayPerLabel;
        this.random = new SplittableRandom(seed);
        addClass();
    }

    /** Defaults: 2^12 slots, step size 0.3, 2,048 labels kept, 2 replayed per new label. */
    public static TargetPolicyModel withDefaults(long seed) {
        return new TargetPolicyModel(12, 0.3, 2048, 2, seed);
    }

    /** Whether the model has learned at least one label (before that it knows nothing). */
    public boolean trained() {
        return labels > 0;
    }

    /** How many labels it has learned. */
    public long labels() {
        return labels;
    }

    /**
     * The probability that the target's step after {@code prefix} of {@code task} is {@code step}; a step
     * name never committed gets the probability of a novel step.
     */
    public double probability(PlanningTask task, List<String> prefix, String step) {
        double[] p = distribution(encode(task, prefix));
        return p[classOf.getOrDefault(step, OTHER)];
    }

    /**
     * Learns the target's steps {@code committed}, taken one after the other from the verified prefix
     * {@code start} of {@code task}: one label per step.
     */
    public void learn(PlanningTask task, List<String> start, List<String> committed) {
        List<String> prefix = new ArrayList<>(start);
        for (String step : committed) {
            SparseVector x = encode(task, prefix);
            Integer known = classOf.get(step);
            step(x, known == null ? OTHER : known);
            if (known == null) {
                classOf.put(step, addClass());
            }
            remember(new Sample(x, step));
            for (int r = 0; r < replayPerLabel && buffer.size() > 1; r++) {
                Sample s = buffer.get(random.nextInt(buffer.size()));
                step(s.x(), classOf.get(s.step()));
            }
            labels++;
            prefix.add(step);
        }
    }

    /**
     * The state's features: task words and bigrams, the prefix's length, last step and last two, each step
     * it holds, and each task word crossed with each step it holds and with its length (so "the task names X
     * and the prefix already holds tool Y" and "word X at step n" are single features), hashed into
     * {@code 2^bits} slots, equally weighted with unit norm.
     */
    private SparseVector encode(PlanningTask task, List<String> prefix) {
        List<String> keys = new ArrayList<>();
        List<String> distinct = StateFeatures.addTaskWords(task, keys).stream().distinct().toList();
        int n = prefix.size();
        String last = n > 0 ? prefix.get(n - 1) : "^";
        keys.add("len:" + Math.min(n, 12));
        keys.add("last:" + last);
        keys.add("last2:" + (n > 1 ? prefix.get(n - 2) : "^") + ">" + last);
        List<String> held = prefix.stream().distinct().toList();
        for (String step : held) {
            keys.add("has:" + step);
        }
        for (String w : distinct) {
            keys.add("w|len:" + w + ">" + Math.min(n, 12));
            for (String step : held) {
                keys.add("w|has:" + w + ">" + step);
            }
        }
        int[] indices = new int[keys.size()];
        double[] values = new double[keys.size()];
        double scale = 1 / Math.sqrt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            indices[i] = Math.floorMod(StateFeatures.hash(keys.get(i)), slots);
            values[i] = scale;
        }
        return new SparseVector(indices, values);
    }

    private int addClass() {
        weights.add(new double[dimension]);
        gradSquares.add(new double[dimension]);
        return weights.size() - 1;
    }

    private void remember(Sample s) {
        if (buffer.size() < bufferCapacity) {
            buffer.add(s);
        } else {
            buffer.set(next, s);
            next = (next + 1) % bufferCapacity;
        }
    }

    private double[] distribution(SparseVector x) {
        int bias = dimension - 1;
        double[] logits = new double[weights.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.length; c++) {
            double[] w = weights.get(c);
            logits[c] = w[bias] + x.dot(w);
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
        return logits;
    }

    /** One AdaGrad step of the log loss on (x, label): the gradient of class c is (p_c − [c = label]) x. */
    private void step(SparseVector x, int label) {
        double[] p = distribution(x);
        int bias = dimension - 1;
        int[] idx = x.indices();
        double[] val = x.values();
        for (int c = 0; c < p.length; c++) {
            double g = p[c] - (c == label ? 1 : 0);
            if (g == 0) {
                continue;
            }
            double[] w = weights.get(c);
            double[] g2 = gradSquares.get(c);
            for (int j = 0; j < idx.length; j++) {
                double gj = g * val[j];
                g2[idx[j]] += gj * gj;
                w[idx[j]] -= learningRate * gj / Math.sqrt(g2[idx[j]] + 1e-8);
            }
            g2[bias] += g * g;
            w[bias] -= learningRate * g / Math.sqrt(g2[bias] + 1e-8);
        }
    }
}
