package dev.specagent.core.planning.predictor;

import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.planning.PlanningTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** The expectile loss, the λ-returns, the learner and both trainers. */
class DepthPredictorTest {

    private static final StateFeatures FEATURES = new StateFeatures(12);

    @Test
    void expectileLossIsAsymmetricAndHalfMseAtOneHalf() {
        ExpectileLoss half = new ExpectileLoss(0.5);
        assertThat(half.loss(1, 3)).isEqualTo(2.0);
        assertThat(half.loss(3, 1)).isEqualTo(2.0);
        ExpectileLoss high = new ExpectileLoss(0.9);
        assertThat(high.loss(1, 3)).isCloseTo(3.6, offset(1e-12));
        assertThat(high.loss(3, 1)).isCloseTo(0.4, offset(1e-12));
        assertThat(high.gradient(1, 3)).isCloseTo(-3.6, offset(1e-12));
        assertThatThrownBy(() -> new ExpectileLoss(1.0)).hasMessageContaining("tau");
    }

    @Test
    void lambdaReturnsAreAcceptanceLengthsForFinishedEpisodesAndBootstrapWhenCut() {
        LambdaReturns mc = new LambdaReturns(1, 1);
        assertThat(mc.returns(new double[]{1, 1, 1}, new double[]{9, 9, 9}, true)).containsExactly(3, 2, 1);
        assertThat(mc.returns(new double[]{1, 1}, new double[]{0, 5}, false)).containsExactly(7, 6);
        LambdaReturns td0 = new LambdaReturns(1, 0);
        assertThat(td0.returns(new double[]{1, 1}, new double[]{4, 5}, false)).containsExactly(5, 6);
        LambdaReturns discounted = new LambdaReturns(0.5, 1);
        assertThat(discounted.returns(new double[]{1, 1}, new double[]{0, 0}, true)).containsExactly(1.5, 1);
    }

    /** Noisy targets whose mean depends on a word of the task: τ = 0.99 must learn higher values than τ = 0.5. */
    @Test
    void learnerFitsTheMeanAtOneHalfAndAnUpperExpectileNearOne() {
        List<TrainingSample> samples = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        PlanningTask easy = new PlanningTask("e", "Given photo image, how to caption it?");
        PlanningTask hard = new PlanningTask("h", "Given satellite image, how to caption it?");
        for (int i = 0; i < 400; i++) {
            samples.add(new TrainingSample(FEATURES.features(easy, List.of(), List.of()), 4 + r.nextInt(3) - 1));
            samples.add(new TrainingSample(FEATURES.features(hard, List.of(), List.of()), 1 + r.nextInt(2)));
        }
        DepthModel mean = train(0.5, samples);
        DepthModel upper = train(0.99, samples);
        double easyMean = mean.value(FEATURES.features(easy, List.of(), List.of()));
        double hardMean = mean.value(FEATURES.features(hard, List.of(), List.of()));
        assertThat(easyMean).isCloseTo(4.0, offset(0.4));
        assertThat(hardMean).isCloseTo(1.5, offset(0.4));
        assertThat(upper.value(FEATURES.features(easy, List.of(), List.of()))).isGreaterThan(easyMean + 0.3);
        assertThat(upper.value(FEATURES.features(hard, List.of(), List.of()))).isGreaterThan(hardMean + 0.2);
    }

    private static DepthModel train(double tau, List<TrainingSample> samples) {
        DepthLearner learner = new DepthLearner(new ExpectileLoss(tau), FEATURES.dimension(), 3, 8, 800, 0.3, 1);
        DepthModel model = null;
        for (int round = 0; round < 15; round++) {
            model = learner.train(samples);
        }
        return model;
    }

    @Test
    void logisticLossLearnsAcceptanceProbabilities() {
        StateFeatures features = FEATURES;
        PlanningTask easy = new PlanningTask("e", "Given photo image, how to caption it?");
        PlanningTask hard = new PlanningTask("h", "Given satellite image, how to caption it?");
        SplittableRandom r = new SplittableRandom(9);
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            samples.add(new TrainingSample(features.features(easy, List.of(), List.of()), r.nextDouble() < 0.9 ? 1 : 0));
            samples.add(new TrainingSample(features.features(hard, List.of(), List.of()), r.nextDouble() < 0.2 ? 1 : 0));
        }
        DepthLearner learner = new DepthLearner(new LogisticLoss(), features.dimension(), 3, 8, 1200, 0.3, 1);
        DepthModel model = null;
        for (int round = 0; round < 10; round++) {
            model = learner.train(samples);
        }
        assertThat(LogisticLoss.sigmoid(model.value(features.features(easy, List.of(), List.of())))).isCloseTo(0.9, offset(0.07));
        assertThat(LogisticLoss.sigmoid(model.value(features.features(hard, List.of(), List.of())))).isCloseTo(0.2, offset(0.07));
        assertThat(new LogisticLoss().gradient(0, 1)).isEqualTo(-0.5);
    }

    @Test
    void replayBufferKeepsTheNewestSamples() {
        ReplayBuffer buffer = new ReplayBuffer(3);
        SparseVector x = new SparseVector(new int[0], new double[0]);
        for (int i = 0; i < 5; i++) {
            buffer.addAll(List.of(new TrainingSample(x, i)));
        }
        assertThat(buffer.snapshot()).extracting(TrainingSample::target).containsExactly(2.0, 3.0, 4.0);
        assertThat(buffer.added()).isEqualTo(5);
    }

    /** A published model is immutable: training the next round (on other targets) does not change it. */
    @Test
    void aPublishedModelDoesNotChangeWhenTheNextRoundTrains() {
        PlanningTask task = new PlanningTask("t", "task");
        SparseVector x = FEATURES.features(task, List.of(), List.of());
        DepthLearner learner = new DepthLearner(new ExpectileLoss(0.5), FEATURES.dimension(), 20, 1, 10, 0.3, 1);
        DepthModel first = learner.train(List.of(new TrainingSample(x, 2)));
        double before = first.value(x);
        DepthModel second = learner.train(List.of(new TrainingSample(x, 8)));
        assertThat(second.value(x)).isGreaterThan(before);
        assertThat(first.value(x)).isEqualTo(before);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
    }

    @Test
    void simulatedTrainerPublishesOnTheClockAfterTheRoundTime() {
        SimulatedClock clock = new SimulatedClock(1);
        DepthPredictor predictor = new DepthPredictor(FEATURES);
        SimulatedTrainer trainer = new SimulatedTrainer(clock, new ReplayBuffer(100),
                new DepthLearner(new ExpectileLoss(0.5), FEATURES.dimension(), 1, 4, 100, 0.3, 1), predictor, 2_000_000_000L);
        PlanningTask task = new PlanningTask("t", "task");
        trainer.submit(List.of(new TrainingSample(FEATURES.features(task, List.of(), List.of()), 3)));
        assertThat(predictor.current()).isNull();
        trainer.submit(List.of(new TrainingSample(FEATURES.features(task, List.of("x"), List.of()), 2)));
        clock.runUntil(() -> clock.nanoTime() >= 2_000_000_000L);
        assertThat(predictor.current()).isNotNull();
        assertThat(predictor.current().version()).isEqualTo(1);
        clock.drain();
        assertThat(trainer.roundsPublished()).isEqualTo(2);
        assertThat(clock.nanoTime()).isEqualTo(4_000_000_000L);
    }

    /**
     * Prediction never waits for the trainer thread: with a training round held still inside its loss, predictions
     * are answered (a wait on training would block them until the round is released), and the round's model is
     * published once it is released.
     */
    @Test
    void predictionNeverWaitsForTheTrainingThread() throws Exception {
        StateFeatures features = new StateFeatures(16);
        DepthPredictor predictor = new DepthPredictor(features);
        PlanningTask task = new PlanningTask("t", "Given noisy photo image, how to return the regular image?");
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            samples.add(new TrainingSample(features.features(task, List.of("step" + (i % 7)), List.of(i % 4)), 1 + i % 5));
        }
        CountDownLatch inLoss = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExpectileLoss mse = new ExpectileLoss(0.5);
        Loss heldLoss = new Loss() {
            @Override
            public double loss(double v, double y) {
                return mse.loss(v, y);
            }

            @Override
            public double gradient(double v, double y) {
                inLoss.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return mse.gradient(v, y);
            }
        };
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try (ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(5000),
                new DepthLearner(heldLoss, features.dimension(), 2, 8, 5000, 0.3, 1), predictor)) {
            trainer.submit(samples);
            assertThat(inLoss.await(10, TimeUnit.SECONDS)).as("the training round started").isTrue();
            Future<Integer> answered = asker.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    assertThat(predictor.expected(task, List.of("step1"), List.of(2))).as("no model yet").isEmpty();
                }
                return 100;
            });
            assertThat(answered.get(10, TimeUnit.SECONDS)).as("predictions answered while the round is held").isEqualTo(100);
            assertThat(trainer.isTraining()).isTrue();
            assertThat(trainer.roundsPublished()).isZero();
            release.countDown();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (trainer.roundsPublished() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(trainer.roundsPublished()).isEqualTo(1);
            assertThat(predictor.expected(task, List.of("step1"), List.of(2))).isPresent();
        } finally {
            release.countDown();
            asker.shutdownNow();
        }
    }

    @Test
    void aFailedTrainingRoundLeavesTheTrainerThreadAlive() throws Exception {
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(8));
        // a sample wider than the learner's dimension makes every round throw
        TrainingSample broken = new TrainingSample(new SparseVector(new int[] {1000}, new double[] {1}), 2);
        try (ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(10),
                new DepthLearner(new ExpectileLoss(0.5), 8, 1, 1, 10, 0.3, 1), predictor)) {
            for (int round = 1; round <= 2; round++) {
                trainer.submit(List.of(broken));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (trainer.failedRounds() < round && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(trainer.failedRounds()).as("round " + round + " was tried").isEqualTo(round);
            }
            assertThat(trainer.roundsPublished()).isZero();
            assertThat(predictor.current()).isNull();
        }
    }
}
