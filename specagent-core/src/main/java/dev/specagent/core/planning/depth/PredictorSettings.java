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
 * The settings of the dynamic depth policy and its online trainer.
 *
 * @param tau              expectile τ in (0, 1): 0.5 is mean squared error, towards 1 deeper speculation
 * @param offset           added to the rounded prediction: k = max(1, round(V) + offset)
 * @param gamma            discount of the λ-returns
 * @param lambda           λ of the λ-returns (1 = Monte Carlo within the episode)
 * @param featureBits      hashed text slots are 2^featureBits
 * @param bufferCapacity   samples kept in the replay buffer
 * @param epochs           passes per training round
 * @param batchSize        mini-batch size
 * @param samplesPerRound  most recent samples used per round
 * @param learningRate     AdaGrad step size
 * @param roundSeconds     simulated duration of a training round (simulated clock only)
 * @param seed             seed of the trainer's shuffling
 */
public record PredictorSettings(double tau, int offset, double gamma, double lambda, int featureBits,
                                int bufferCapacity, int epochs, int batchSize, int samplesPerRound,
                                double learningRate, double roundSeconds, long seed) {

    public PredictorSettings {
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        }
        if (offset < -10 || offset > 20) {
            throw new IllegalArgumentException("offset must be in -10..20, got " + offset);
        }
        if (!(roundSeconds >= 0)) {
            throw new IllegalArgumentException("roundSeconds must be non-negative, got " + roundSeconds);
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

    public PredictorSettings withSeed(long newSeed) {
        return new PredictorSettings(tau, offset, gamma, lambda, featureBits, bufferCapacity, epochs, batchSize,
                samplesPerRound, learningRate, roundSeconds, newSeed);
    }

    public PredictorSettings withReturns(double newGamma, double newLambda) {
        return new PredictorSettings(tau, offset, newGamma, newLambda, featureBits, bufferCapacity, epochs, batchSize,
                samplesPerRound, learningRate, roundSeconds, seed);
    }
}
