package dev.specagent.core.planning.predictor;

import dev.specagent.core.planning.PlanSteps;
import dev.specagent.core.planning.PlanningTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a planning state into features, in place of the paper's DistilBERT encoder: hashed word
 * unigrams and bigrams of the task, hashed facts about the verified history (its length, its last two
 * steps, the steps it holds), and a few numeric features (step index, recent acceptance lengths). The
 * hashing trick keeps the dimension fixed ({@code 2^bits} text slots plus the numeric slots after
 * them) with no vocabulary to build and nothing to download. Optionally a {@link TextEmbedder} adds the
 * dense embedding of the state's text ({@link PlanSteps#stateText}), scaled to unit length like the hashed part,
 * in slots after the numeric ones. Thread-safe; stateless apart from what the embedder keeps.
 */
public final class StateFeatures {

    /** Numeric features, placed after the hashed slots. */
    private static final int NUMERIC = 5;

    private final int bits;
    private final TextEmbedder embedder;

    /** Features with {@code 2^bits} hashed slots (8..22). */
    public StateFeatures(int bits) {
        this(bits, TextEmbedder.NONE);
    }

    /** Features with {@code 2^bits} hashed slots (8..22) and the state text's embedding by {@code embedder}. */
    public StateFeatures(int bits, TextEmbedder embedder) {
        if (bits < 8 || bits > 22) {
            throw new IllegalArgumentException("bits must be in 8..22, got " + bits);
        }
        this.bits = bits;
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    /** The dimension of the vectors this produces. */
    public int dimension() {
        return (1 << bits) + NUMERIC + embedder.dimension();
    }

    /** The features of the state {@code verified} of {@code task}, with the task's earlier acceptance lengths. */
    public SparseVector features(PlanningTask task, List<String> verified, List<Integer> recentAcceptances) {
        return features(task, verified, recentAcceptances, null);
    }

    /**
     * Adds the keys of the task text's lower-case words ({@code w:}) and bigrams ({@code b:}) to {@code keys};
     * returns the words in order, repeats included.
     */
    static List<String> addTaskWords(PlanningTask task, List<String> keys) {
        List<String> words = new ArrayList<>();
        String previous = "^";
        for (String w : task.description().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.isEmpty()) {
                continue;
            }
            keys.add("w:" + w);
            keys.add("b:" + previous + "_" + w);
            previous = w;
            words.add(w);
        }
        return words;
    }

    /**
     * The features of a drafted step {@code draft} in the state {@code verified}: the state's features
     * plus the draft crossed with the last step and with each task word, so a model can learn which
     * drafts the target tends to reject where. {@code draft} null gives the state's features only.
     */
    public SparseVector features(PlanningTask task, List<String> verified, List<Integer> recentAcceptances,
                                 String draft) {
        List<String> keys = new ArrayList<>();
        List<String> words = addTaskWords(task, keys);
        int n = verified.size();
        keys.add("len:" + Math.min(n, 12));
        keys.add("last:" + (n > 0 ? verified.get(n - 1) : "^"));
        keys.add("last2:" + (n > 1 ? verified.get(n - 2) : "^") + ">" + (n > 0 ? verified.get(n - 1) : "^"));
        for (String step : verified) {
            keys.add("has:" + step);
        }
        if (draft != null) {
            keys.add("d:" + draft);
            keys.add("d|last:" + (n > 0 ? verified.get(n - 1) : "^") + ">" + draft);
            keys.add("d|len:" + Math.min(n, 12) + ">" + draft);
            keys.add("d|has:" + verified.contains(draft));
            for (String w : words) {
                keys.add("d|w:" + w + ">" + draft);
            }
        }
        int slots = 1 << bits;
        double[] embedding = embedding(task, verified);
        int[] indices = new int[keys.size() + NUMERIC + embedding.length];
        double[] values = new double[indices.length];
        double scale = 1 / Math.sqrt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            indices[i] = Math.floorMod(hash(keys.get(i)), slots);
            values[i] = scale;
        }
        int base = keys.size();
        int m = recentAcceptances.size();
        double last = m > 0 ? recentAcceptances.get(m - 1) : 0;
        double mean = 0;
        int window = Math.min(3, m);
        for (int i = m - window; i < m; i++) {
            mean += recentAcceptances.get(i);
        }
        mean = window > 0 ? mean / window : 0;
        double[] numeric = {n / 10.0, last / 5.0, mean / 5.0, m == 0 ? 1 : 0, Math.min(m, 10) / 10.0};
        for (int i = 0; i < NUMERIC; i++) {
            indices[base + i] = slots + i;
            values[base + i] = numeric[i];
        }
        for (int i = 0; i < embedding.length; i++) {
            indices[base + NUMERIC + i] = slots + NUMERIC + i;
            values[base + NUMERIC + i] = embedding[i];
        }
        return new SparseVector(indices, values);
    }

    /**
     * The state text's embedding scaled to unit length; all zeros stay zeros, and a vector holding an infinite or NaN
     * value gives zeros, as a failed request does (one NaN feature would make every later model NaN). Empty without an
     * embedder.
     */
    private double[] embedding(PlanningTask task, List<String> verified) {
        if (embedder.dimension() == 0) {
            return new double[0];
        }
        double[] v = embedder.embed(PlanSteps.stateText(task, verified));
        if (v.length != embedder.dimension()) {
            throw new IllegalStateException("the embedder promised " + embedder.dimension() + " dimensions but gave "
                    + v.length);
        }
        double[] unit = new double[v.length];
        double largest = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return unit;
            }
            largest = Math.max(largest, Math.abs(x));
        }
        if (largest == 0) {
            return unit;
        }
        // divided by the largest first, so that squares of huge or tiny values neither overflow nor underflow
        double norm = 0;
        for (double x : v) {
            norm += (x / largest) * (x / largest);
        }
        double scale = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            unit[i] = v[i] / largest / scale;
        }
        return unit;
    }

    /** FNV-1a over the UTF-16 units, finished with a multiplicative mix. */
    static int hash(String s) {
        int h = 0x811C9DC5;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        return h * 0x9E3779B1;
    }
}
