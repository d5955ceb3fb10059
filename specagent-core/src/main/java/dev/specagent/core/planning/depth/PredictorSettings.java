package dev.specagent.core.planning.depth;

import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.predictor.DepthLearner;
import dev.specagent.core.planning.predictor.DepthPredictor;
import dev.specagent.core.planning.predictor.Loss;
import dev.specagent.core.planning.predictor.OnlineTrainer;
import dev.specagent.core.planning.predictor.ReplayBuffer;
import dev.specagent.core.planning.predictor.SimulatedTrainer;
import dev.specagent.core.planning.predictor.ThreadedTrainer;

/**
 * The settings of the dynamic depth policy and its online trainer. Every field is checked here, so bad settings are
 * refused where they are built, naming the field ({@code PredictorSettings.tau must be in (0, 1), was 1.5}), rather
 * than later by the class the field feeds.
 *
 * @param tau              expectile τ in (0, 1): 0.5 is mean squared error, towards 1 deeper speculation
 * @param offset           added to the rounded prediction: k = max(1, round(V) + offset); in -10..20
 * @param gamma            discount of the λ-returns, in (0, 1]
 * @param lambda           λ of the λ-returns (1 = Monte Carlo within the episode), in [0, 1]
 * @param featureBits      hashed text slots are 2^featureBits; in 8..22
 * @param bufferCapacity   samples kept in the replay buffer, at least 1
 * @param epochs           passes per training round, at least 1
 * @param batchSize        mini-batch size, at least 1
 * @param samplesPerRound  most recent samples used per round, at least 1
 * @param learningRate     AdaGrad step size, positive and finite
 * @param roundSeconds     simulated duration of a training round (simulated clock only), non-negative and finite
 * @param seed             seed of the trainer's shuffling
 */
public record PredictorSettings(double tau, int offset, double gamma, double lambda, int featureBits,
                                int bufferCapacity, int epochs, int batchSize, int samplesPerRound,
                                double learningRate, double roundSeconds, long seed) {

    /** @throws IllegalArgumentException if a field is out of its range, naming the field */
    public PredictorSettings {
        require(tau > 0 && tau < 1, "tau", "be in (0, 1)", tau);
        require(offset >= -10 && offset <= 20, "offset", "be in -10..20", offset);
        require(gamma > 0 && gamma <= 1, "gamma", "be in (0, 1]", gamma);
        require(lambda >= 0 && lambda <= 1, "lambda", "be in [0, 1]", lambda);
        require(featureBits >= 8 && featureBits <= 22, "featureBits", "be in 8..22", featureBits);
        require(bufferCapacity >= 1, "bufferCapacity", "be at least 1", bufferCapacity);
        require(epochs >= 1, "epochs", "be at least 1", epochs);
        require(batchSize >= 1, "batchSize", "be at least 1", batchSize);
        require(samplesPerRound >= 1, "samplesPerRound", "be at least 1", samplesPerRound);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", "be positive and finite",
                learningRate);
        require(roundSeconds >= 0 && Double.isFinite(roundSeconds), "roundSeconds", "be non-negative and finite",
                roundSeconds);
    }

    private static void require(boolean ok, String field, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("PredictorSettings." + field + " must " + rule + ", was " + value);
        }
    }

    /** The defaults (batch 8 and 3 epochs as in the authors' pilot) with the given τ and offset. */
    public static PredictorSettings of(double tau, int offset) {
        return new PredictorSettings(tau, offset, 1.0, 1.0, 14, 512, 3, 8, 256, 0.3, 2.0, 17);
    }

    /**
     * The online trainer of {@code predictor} on {@code loss} with these settings: rounds of {@code roundSeconds} on
     * a simulated clock, a thread of its own in real time.
     */
    OnlineTrainer trainer(Loss loss, DepthPredictor predictor, Clock clock) {
        ReplayBuffer buffer = new ReplayBuffer(bufferCapacity);
        DepthLearner learner = new DepthLearner(loss, predictor.features().dimension(), epochs, batchSize,
                samplesPerRound, learningRate, seed);
        return clock.isSimulated()
                ? new SimulatedTrainer(clock, buffer, learner, predictor, Clock.nanos(roundSeconds))
                : new ThreadedTrainer(buffer, learner, predictor);
    }

    /** These settings with the trainer's seed {@code newSeed}. */
    public PredictorSettings withSeed(long newSeed) {
        return new PredictorSettings(tau, offset, gamma, lambda, featureBits, bufferCapacity, epochs, batchSize,
                samplesPerRound, learningRate, roundSeconds, newSeed);
    }

    /** These settings with the λ-returns' γ and λ; refused here if out of range. */
    public PredictorSettings withReturns(double newGamma, double newLambda) {
        return new PredictorSettings(tau, offset, newGamma, newLambda, featureBits, bufferCapacity, epochs, batchSize,
                samplesPerRound, learningRate, roundSeconds, seed);
    }
}
