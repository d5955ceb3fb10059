package dev.specagent.core.planning.predictor;

import dev.specagent.core.clock.Clock;

import java.util.List;

/**
 * The asynchronous trainer in simulated time: a training round is an event on the clock. A round
 * starts when samples are waiting and no round runs, trains on a snapshot of the buffer at its start
 * (a fixed amount of work, so the result is a function of the seed) and publishes its model
 * {@code roundNanos} later, modelling the time training takes; samples that arrive meanwhile wait for
 * the next round. Confined to the clock's event loop.
 */
public final class SimulatedTrainer implements OnlineTrainer {

    private final Clock clock;
    private final ReplayBuffer buffer;
    private final DepthLearner learner;
    private final DepthPredictor predictor;
    private final long roundNanos;
    private boolean running;
    private boolean pending;
    private boolean closed;
    private long published;
    private Clock.Timer timer;

    public SimulatedTrainer(Clock clock, ReplayBuffer buffer, DepthLearner learner, DepthPredictor predictor,
                            long roundNanos) {
        if (!clock.isSimulated()) {
            throw new IllegalArgumentException("SimulatedTrainer needs a simulated clock; use ThreadedTrainer in real time");
        }
        this.clock = clock;
        this.buffer = buffer;
        this.learner = learner;
        this.predictor = predictor;
        this.roundNanos = Math.max(1, roundNanos);
    }

    @Override
    public void submit(List<TrainingSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        buffer.addAll(samples);
        pending = true;
        if (!running && !closed) {
            startRound();
        }
    }

    private void startRound() {
        running = true;
        pending = false;
        DepthModel model = learner.train(buffer.snapshot());
        timer = clock.schedule(roundNanos, () -> {
            predictor.publish(model);
            published++;
            running = false;
            if (pending && !closed) {
                startRound();
            }
        });
    }

    @Override
    public long roundsPublished() {
        return published;
    }

    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}
