package dev.specagent.core.planning.predictor;

import java.util.List;

/**
 * Trains the depth predictor asynchronously from the samples of finished episodes and publishes each
 * new model atomically to the {@link DepthPredictor}. {@link #submit} never waits for training.
 */
public interface OnlineTrainer extends AutoCloseable {

    /**
     * Adds the samples of a finished episode and makes sure a training round will follow; no samples start no round
     * (a round on an empty buffer would end the cold start with a model that learned nothing).
     */
    void submit(List<TrainingSample> samples);

    /** How many rounds have published a model so far. */
    long roundsPublished();

    /** Stops training (a thread-backed trainer ends its thread). */
    @Override
    void close();
}
