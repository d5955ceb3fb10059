package dev.specagent.core.planning.depth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Several draft-acceptance estimates combined by online logistic stacking: P(accept) =
 * σ(b + Σ w_i · logit(p_i)), the weights learned (AdaGrad on the log loss) from every verified draft's
 * outcome, each draft scored by the components <em>before</em> they learn its episode (so the stacker
 * learns how far to trust each one out of sample). Starts as the sum of the components' logits
 * (w_i = 1, b = 0: a product of experts); a cold component contributes 0. Every component learns every finished episode. Cold while every
 * component is. Confined to the planner's loop (components may train elsewhere).
 */
final class StackedDraftAcceptance implements DraftAcceptance {

    private static final double CLIP = 8;

    private final List<DraftAcceptance> components;
    private final double learningRate;
    private final double[] weights;
    private final double[] gradSquares;

    StackedDraftAcceptance(List<DraftAcceptance> components, double learningRate) {
        if (components.isEmpty() || !(learningRate > 0)) {
            throw new IllegalArgumentException("need at least one component and a positive learning rate");
        }
        this.components = List.copyOf(components);
        this.learningRate = learningRate;
        this.weights = new double[components.size() + 1];
        this.gradSquares = new double[weights.length];
        Arrays.fill(weights, 1, weights.length, 1.0);
    }

    @Override
    public OptionalDouble acceptance(DepthQuery start, List<String> drafts, int index) {
        double[] x = inputs(start, drafts, index);
        return x == null ? OptionalDouble.empty() : OptionalDouble.of(sigmoid(dot(x)));
    }

    /** Bias input 1, then each component's clipped logit (0 when cold); null when every component is cold. */
    private double[] inputs(DepthQuery start, List<String> drafts, int index) {
        double[] x = new double[weights.length];
        x[0] = 1;
        boolean any = false;
        for (int i = 0; i < components.size(); i++) {
            OptionalDouble p = components.get(i).acceptance(start, drafts, index);
            if (p.isPresent()) {
                any = true;
                double q = Math.min(1 - 1e-6, Math.max(1e-6, p.getAsDouble()));
                x[i + 1] = Math.max(-CLIP, Math.min(CLIP, Math.log(q / (1 - q))));
            }
        }
        return any ? x : null;
    }

    @Override
    public void learn(EpisodeRecord episode) {
        int labelled = Math.min(episode.verified(), episode.drafts().size());
        if (episode.depth() > 0 && labelled > 0) {
            DepthQuery start = episode.startQuery();
            List<double[]> inputs = new ArrayList<>(labelled);
            for (int i = 1; i <= labelled; i++) {
                inputs.add(inputs(start, episode.drafts(), i));
            }
            for (int i = 0; i < labelled; i++) {
                double[] x = inputs.get(i);
                if (x != null) {
                    update(x, i < episode.accepted() ? 1 : 0);
                }
            }
        }
        components.forEach(c -> c.learn(episode));
    }

    private void update(double[] x, int label) {
        double g = sigmoid(dot(x)) - label;
        for (int j = 0; j < weights.length; j++) {
            double gj = g * x[j];
            gradSquares[j] += gj * gj;
            weights[j] -= learningRate * gj / Math.sqrt(gradSquares[j] + 1e-8);
        }
    }

    private double dot(double[] x) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += weights[j] * x[j];
        }
        return s;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Override
    public void close() {
        components.forEach(DraftAcceptance::close);
    }
}
