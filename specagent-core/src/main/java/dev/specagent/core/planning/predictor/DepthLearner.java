package dev.specagent.core.planning.predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The training algorithm: AdaGrad on a {@link Loss} (the expectile loss for values, the log loss for acceptance probabilities) over mini-batches, a fixed number of epochs
 * over (at most {@code samplesPerRound} of) the buffer's samples per round, each round starting from
 * the last published model. A fixed amount of work per round keeps simulated runs deterministic.
 * Not thread-safe: one trainer thread (or the simulated loop) owns it.
 */
public final class DepthLearner {

    private final Loss loss;
    private final int dimension;
    private final int epochs;
    private final int batchSize;
    private final int samplesPerRound;
    private final double learningRate;
    private final SplittableRandom random;
    private double[] gradSquares;
    private double biasGradSquare;
    private double[] weights;
    private double bias;
    private long version;

    /**
     * @param loss            the loss (expectile with τ, or logistic)
     * @param dimension       the feature dimension
     * @param epochs          passes per round
     * @param batchSize       samples per mini-batch
     * @param samplesPerRound most samples drawn from the buffer per round (the most recent ones)
     * @param learningRate    AdaGrad's step size
     * @param seed            seed of the shuffling
     */
    public DepthLearner(Loss loss, int dimension, int epochs, int batchSize, int samplesPerRound,
                        double learningRate, long seed) {
        if (epochs < 1 || batchSize < 1 || samplesPerRound < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch size, samples per round and learning rate must be positive");
        }
        this.loss = loss;
        this.dimension = dimension;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.samplesPerRound = samplesPerRound;
        this.learningRate = learningRate;
        this.random = new SplittableRandom(seed);
        this.gradSquares = new double[dimension];
        this.weights = new double[dimension];
    }

    /**
     * Trains one round on {@code samples} and returns the new model; the mean loss of the last epoch is kept. A round
     * that throws (a sample wider than the dimension, a loss that fails) changes nothing: the next round starts from
     * the last model again.
     */
    public DepthModel train(List<TrainingSample> samples) {
        return train(samples, () -> false);
    }

    /**
     * As {@link #train(List)}, asking {@code stop} before each mini-batch: once it answers true the round ends with a
     * {@link CancellationException} and, like any round that throws, changes nothing.
     */
    public DepthModel train(List<TrainingSample> samples, BooleanSupplier stop) {
        List<TrainingSample> round = new ArrayList<>(samples.subList(Math.max(0, samples.size() - samplesPerRound),
                samples.size()));
        // the round steps on copies, kept only once it has finished
        double[] w = weights.clone();
        double[] squares = gradSquares.clone();
        double b = bias;
        double biasSquare = biasGradSquare;
        double roundLoss = lastLoss;
        double[] grad = new double[dimension];
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(round);
            double total = 0;
            for (int from = 0; from < round.size(); from += batchSize) {
                if (stop.getAsBoolean()) {
                    throw new CancellationException("the training round was stopped");
                }
                int to = Math.min(round.size(), from + batchSize);
                double biasGrad = 0;
                List<int[]> touched = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    TrainingSample s = round.get(i);
                    double v = b + s.features().dot(w);
                    total += loss.loss(v, s.target());
                    double g = loss.gradient(v, s.target()) / (to - from);
                    biasGrad += g;
                    int[] idx = s.features().indices();
                    double[] val = s.features().values();
                    for (int j = 0; j < idx.length; j++) {
                        grad[idx[j]] += g * val[j];
                    }
                    touched.add(idx);
                }
                biasSquare += biasGrad * biasGrad;
                b -= learningRate * biasGrad / Math.sqrt(biasSquare + 1e-8);
                for (int[] idx : touched) {
                    for (int j : idx) {
                        double g = grad[j];
                        if (g != 0) {
                            squares[j] += g * g;
                            w[j] -= learningRate * g / Math.sqrt(squares[j] + 1e-8);
                            grad[j] = 0;
                        }
                    }
                }
            }
            roundLoss = round.isEmpty() ? 0 : total / round.size();
        }
        weights = w;
        gradSquares = squares;
        bias = b;
        biasGradSquare = biasSquare;
        lastLoss = roundLoss;
        version++;
        return new DepthModel(weights.clone(), bias, version);
    }

    private double lastLoss;

    /** The mean loss over the last epoch trained. */
    public double lastLoss() {
        return lastLoss;
    }

    private void shuffle(List<TrainingSample> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            TrainingSample t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
