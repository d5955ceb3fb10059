package dev.specagent.core.planning.predictor;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The asynchronous trainer in real time: one daemon thread waits for new samples, trains a round on a
 * snapshot of the buffer and publishes the model atomically. {@link #submit} only appends and
 * signals; prediction never waits for training. A failed round (exception or error) is counted and keeps the last
 * model; the thread lives on. {@link #close} ends the thread before it returns. Thread-safe.
 */
public final class ThreadedTrainer implements OnlineTrainer {

    /** How long {@link #close} waits for the trainer thread to end. */
    static final long CLOSE_WAIT_MILLIS = 10_000;

    private final ReplayBuffer buffer;
    private final DepthLearner learner;
    private final DepthPredictor predictor;
    private final Thread thread;
    private final Object signal = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedRounds = new AtomicLong();
    private volatile boolean training;
    private boolean pending;
    private volatile boolean closed;

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
        if (samples.isEmpty()) {
            return;
        }
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
                DepthModel model = learner.train(buffer.snapshot(), () -> closed);
                synchronized (signal) {
                    // close() may have come after the round's last mini-batch: a closed trainer publishes nothing
                    if (closed) {
                        return;
                    }
                    predictor.publish(model);
                    published.incrementAndGet();
                }
            } catch (RuntimeException | Error e) {
                if (closed) {
                    // stopped by close() (a CancellationException), or failed on its interrupt: no failure to report
                    return;
                }
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

    /**
     * Stops training: a round under way is stopped at its next mini-batch and not published, and this returns once the
     * trainer thread has ended (after at most {@link #CLOSE_WAIT_MILLIS}; a loss that blocks without answering an
     * interrupt keeps the thread longer, and a warning says so). Idempotent.
     */
    @Override
    public void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            System.getLogger(ThreadedTrainer.class.getName()).log(System.Logger.Level.WARNING,
                    "the depth trainer's thread has not ended " + CLOSE_WAIT_MILLIS + " ms after close; it is left to "
                            + "end by itself (a daemon thread), and publishes nothing");
        }
    }
}
