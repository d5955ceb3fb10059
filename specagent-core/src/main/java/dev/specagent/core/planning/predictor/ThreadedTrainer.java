package dev.specagent.core.planning.predictor;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The asynchronous trainer in real time: one daemon thread waits for new samples, trains a round on a
 * snapshot of the buffer and publishes the model atomically. {@link #submit} only appends and
 * signals; prediction never waits for training. Thread-safe.
 */
public final class ThreadedTrainer implements OnlineTrainer {

    private final ReplayBuffer buffer;
    private final DepthLearner learner;
    private final DepthPredictor predictor;
    private final Thread thread;
    private final Object signal = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedRounds = new AtomicLong();
    private volatile boolean training;
    private boolean pending;
    private boolean closed;

    public ThreadedTrainer(ReplayBuffer buffer, DepthLearner learner, DepthPredictor predictor) {
        this.buffer = buffer;
        this.learner = learner;
        this.predictor = predictor;
        this.thread = new Thread(this::loop, "specagent-depth-trainer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void submit(List<TrainingSample> samples) {
        buffer.addAll(samples);
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        while (true) {
            synchronized (signal) {
                while (!pending && !closed) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                pending = false;
            }
            training = true;
            try {
                predictor.publish(learner.train(buffer.snapshot()));
                published.incrementAndGet();
            } catch (RuntimeException | Error e) {
                // a failed round keeps the last model; the thread lives on for the next round (an Error too: an
                // OutOfMemoryError of the round's arrays is freed with them, and an ended thread would never train again)
                if (failedRounds.incrementAndGet() == 1) {
                    System.getLogger(ThreadedTrainer.class.getName()).log(System.Logger.Level.WARNING,
                            "a training round failed; the predictor keeps its last model (further failures are "
                                    + "only counted)", e);
                }
            } finally {
                training = false;
            }
        }
    }

    /** How many training rounds failed, with an exception or an error (each kept the last published model). */
    public long failedRounds() {
        return failedRounds.get();
    }

    /** Whether a round is being trained right now. */
    public boolean isTraining() {
        return training;
    }

    @Override
    public long roundsPublished() {
        return published.get();
    }

    @Override
    public void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        thread.interrupt();
    }
}
