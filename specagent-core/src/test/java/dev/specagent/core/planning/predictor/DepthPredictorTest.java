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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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

    /** The expectile loss's gradient is the derivative of its loss, on either side of the target and at it. */
    @Test
    void expectileGradientIsTheDerivativeOfTheLossAndZeroAtTheTarget() {
        for (double tau : new double[] {0.5, 0.9, 0.1}) {
            ExpectileLoss loss = new ExpectileLoss(tau);
            for (double v : new double[] {-1.5, 0.3, 2.0, 4.7}) {
                double h = 1e-6;
                double numeric = (loss.loss(v + h, 2.5) - loss.loss(v - h, 2.5)) / (2 * h);
                assertThat(loss.gradient(v, 2.5)).as("tau %s, v %s", tau, v).isCloseTo(numeric, offset(1e-5));
            }
            assertThat(loss.loss(2.5, 2.5)).isZero();
            assertThat(loss.gradient(2.5, 2.5)).isZero();
        }
        assertThatThrownBy(() -> new ExpectileLoss(0.0)).hasMessage("tau must be in (0, 1), got 0.0");
    }

    /**
     * A finished episode's last state has no successor: its return ignores the V handed in for it, whatever λ,
     * while a cut episode bootstraps from it, and an earlier state mixes V of its successor with weight 1 - λ.
     */
    @Test
    void aFinishedEpisodesLastReturnIgnoresTheValueAfterItWhateverLambda() {
        LambdaReturns half = new LambdaReturns(1, 0.5);
        // G_1 = 1 (terminal); G_0 = 1 + 0.5 V(s_1) + 0.5 G_1 = 1 + 2 + 0.5
        assertThat(half.returns(new double[] {1, 1}, new double[] {4, 100}, true)).containsExactly(3.5, 1);
        // cut: G_1 = 1 + V(s_2) = 101; G_0 = 1 + 0.5 * 4 + 0.5 * 101
        assertThat(half.returns(new double[] {1, 1}, new double[] {4, 100}, false)).containsExactly(53.5, 101);
        assertThat(new LambdaReturns(1, 0).returns(new double[] {2}, new double[] {7}, true)).containsExactly(2);
        assertThat(new LambdaReturns(0.5, 0).returns(new double[] {2}, new double[] {7}, false)).containsExactly(5.5);
        assertThatThrownBy(() -> new LambdaReturns(0, 1)).hasMessageContaining("0 < gamma <= 1");
        assertThatThrownBy(() -> new LambdaReturns(1, 1.5)).hasMessageContaining("0 <= lambda <= 1");
    }

    /**
     * An episode of no state has no returns (a cut one threw ArrayIndexOutOfBoundsException reading the value after
     * its last state), and next values not one per reward are refused saying so (they were read out of bounds, or a
     * longer array's extra values silently ignored).
     */
    @Test
    void anEmptyEpisodeHasNoReturnsAndNextValuesMustMatchTheRewards() {
        LambdaReturns returns = new LambdaReturns(1, 0.5);
        assertThat(returns.returns(new double[0], new double[0], false)).isEmpty();
        assertThat(returns.returns(new double[0], new double[0], true)).isEmpty();
        assertThatThrownBy(() -> returns.returns(new double[] {1, 1}, new double[] {3}, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need one next value per reward, got 2 rewards and 1 next values");
        assertThatThrownBy(() -> returns.returns(new double[] {1}, new double[] {3, 4}, false))
                .hasMessage("need one next value per reward, got 1 rewards and 2 next values");
    }

    /** The log loss is -[y ln σ(v) + (1 - y) ln(1 - σ(v))], stable for large |v|, and its gradient is its derivative. */
    @Test
    void logisticLossIsTheLogLossOfTheSigmoidAndItsGradientItsDerivative() {
        LogisticLoss loss = new LogisticLoss();
        for (double v : new double[] {-3, -0.4, 0, 0.7, 2.5}) {
            double p = LogisticLoss.sigmoid(v);
            assertThat(loss.loss(v, 1)).as("v %s, y 1", v).isCloseTo(-Math.log(p), offset(1e-12));
            assertThat(loss.loss(v, 0)).as("v %s, y 0", v).isCloseTo(-Math.log(1 - p), offset(1e-12));
            for (double y : new double[] {0, 1}) {
                double h = 1e-6;
                double numeric = (loss.loss(v + h, y) - loss.loss(v - h, y)) / (2 * h);
                assertThat(loss.gradient(v, y)).as("v %s, y %s", v, y).isCloseTo(numeric, offset(1e-6));
            }
        }
        // no overflow far out: a confident right answer costs nearly nothing, a confident wrong one |v|
        assertThat(loss.loss(800, 1)).isCloseTo(0, offset(1e-12));
        assertThat(loss.loss(-800, 1)).isCloseTo(800, offset(1e-9));
        assertThat(loss.loss(800, 0)).isCloseTo(800, offset(1e-9));
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

    /** A buffer of capacity 1 holds the newest sample; a capacity below 1 is refused. */
    @Test
    void replayBufferOfCapacityOneKeepsOnlyTheNewestAndSizeIsBounded() {
        ReplayBuffer one = new ReplayBuffer(1);
        SparseVector x = new SparseVector(new int[0], new double[0]);
        assertThat(one.size()).isZero();
        one.addAll(List.of(new TrainingSample(x, 1), new TrainingSample(x, 2)));
        assertThat(one.snapshot()).extracting(TrainingSample::target).containsExactly(2.0);
        assertThat(one.size()).isEqualTo(1);
        ReplayBuffer three = new ReplayBuffer(3);
        three.addAll(List.of(new TrainingSample(x, 1), new TrainingSample(x, 2)));
        assertThat(three.size()).isEqualTo(2);
        three.addAll(List.of(new TrainingSample(x, 3), new TrainingSample(x, 4)));
        assertThat(three.size()).isEqualTo(3);
        assertThatThrownBy(() -> new ReplayBuffer(0)).hasMessage("capacity must be at least 1, got 0");
    }

    /** The bias learns on its own: a state with no features at all is pulled towards its target (and not away). */
    @Test
    void theBiasLearnsTheTargetOfAStateWithoutFeatures() {
        SparseVector none = new SparseVector(new int[0], new double[0]);
        DepthLearner learner = new DepthLearner(new ExpectileLoss(0.5), 4, 300, 1, 10, 0.5, 1);
        DepthModel model = learner.train(List.of(new TrainingSample(none, 3)));
        assertThat(model.value(none)).isCloseTo(3, offset(0.05));
    }

    /**
     * The round's loss is the mean loss of the last epoch: with one batch the model is the untrained one for
     * every sample, so the mean of (half) squared errors at V = 0; an empty round has loss 0.
     */
    @Test
    void lastLossIsTheMeanLossOfTheLastEpoch() {
        SparseVector x = new SparseVector(new int[] {0}, new double[] {1});
        DepthLearner learner = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 2, 10, 0.3, 1);
        assertThat(learner.lastLoss()).isZero();
        learner.train(List.of(new TrainingSample(x, 2), new TrainingSample(x, 4)));
        assertThat(learner.lastLoss()).isCloseTo((0.5 * 4 + 0.5 * 16) / 2, offset(1e-12));
        learner.train(List.of());
        assertThat(learner.lastLoss()).isZero();
    }

    /**
     * A batch steps on the mean gradient of its samples: a round of three copies of one sample in batches of two
     * (a batch of two, then one of one) trains the same model as two copies in batches of one.
     */
    @Test
    void aBatchStepsOnTheMeanGradientOfItsSamples() {
        SparseVector x = new SparseVector(new int[] {0, 2}, new double[] {1, 0.5});
        TrainingSample s = new TrainingSample(x, 3);
        DepthModel batched = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 2, 10, 0.3, 1).train(List.of(s, s, s));
        DepthModel single = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 1, 10, 0.3, 1).train(List.of(s, s));
        assertThat(probe(batched)).containsExactly(probe(single));
    }

    /** Each round runs {@code epochs} passes from the last model: two epochs in one round train as two rounds of one. */
    @Test
    void aRoundRunsExactlyItsEpochsFromTheLastModel() {
        SparseVector x = new SparseVector(new int[] {1}, new double[] {1});
        List<TrainingSample> one = List.of(new TrainingSample(x, 5));
        DepthModel twoEpochs = new DepthLearner(new ExpectileLoss(0.5), 4, 2, 1, 10, 0.3, 1).train(one);
        DepthLearner oneEpoch = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 1, 10, 0.3, 1);
        oneEpoch.train(one);
        DepthModel twoRounds = oneEpoch.train(one);
        assertThat(probe(twoEpochs)).containsExactly(probe(twoRounds));
    }

    /**
     * The seed drives the shuffling: the same seed trains the same model, another seed (a different order of
     * single-sample steps) a different one.
     */
    @Test
    void theSeedDrivesTheShufflingOfARound() {
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            samples.add(new TrainingSample(new SparseVector(new int[] {i % 3}, new double[] {1}), i % 5));
        }
        DepthModel a = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 1, 20, 0.3, 1).train(samples);
        DepthModel again = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 1, 20, 0.3, 1).train(samples);
        DepthModel other = new DepthLearner(new ExpectileLoss(0.5), 4, 1, 1, 20, 0.3, 2).train(samples);
        assertThat(probe(again)).containsExactly(probe(a));
        assertThat(probe(other)).isNotEqualTo(probe(a));
    }

    /** A model of dimension 4 read out: its bias (V of no features), then V of each unit vector. */
    /**
     * A round that fails part-way (here its loss throws on the second sample, after the first one's step) leaves the
     * learner where its last model left it: the next round starts from the last published model, so a trainer that
     * keeps its last model after a failed round (ThreadedTrainer) does not publish half of that round later.
     */
    @Test
    void aRoundThatFailsPartWayLeavesTheLearnerAtItsLastModel() {
        int[] gradients = {0};
        boolean[] failing = {false};
        Loss failsOnTheSecondGradient = mseAfter(() -> {
            if (failing[0] && ++gradients[0] == 2) {
                throw new IllegalStateException("bad sample");
            }
        });
        DepthLearner learner = new DepthLearner(failsOnTheSecondGradient, 4, 1, 1, 10, 0.3, 1);
        SparseVector x = new SparseVector(new int[] {0, 1}, new double[] {1, 0.5});
        DepthModel first = learner.train(List.of(new TrainingSample(x, 3)));
        double firstLoss = learner.lastLoss();
        failing[0] = true;
        assertThatThrownBy(() -> learner.train(List.of(new TrainingSample(x, 9), new TrainingSample(x, 9))))
                .hasMessage("bad sample");
        assertThat(gradients[0]).as("the first sample of the failed round was stepped on").isEqualTo(2);
        assertThat(learner.lastLoss()).isEqualTo(firstLoss);
        DepthModel next = learner.train(List.of());
        assertThat(probe(next)).as("an empty round publishes the learner's weights").containsExactly(probe(first));
        assertThat(next.version()).isEqualTo(2);
    }

    private static double[] probe(DepthModel model) {
        double[] v = new double[5];
        v[0] = model.value(new SparseVector(new int[0], new double[0]));
        for (int i = 0; i < 4; i++) {
            v[i + 1] = model.value(new SparseVector(new int[] {i}, new double[] {1}));
        }
        return v;
    }

    @Test
    void aLearnerNeedsPositiveSettings() {
        Loss mse = new ExpectileLoss(0.5);
        assertThatThrownBy(() -> new DepthLearner(mse, 4, 0, 1, 1, 0.3, 1)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> new DepthLearner(mse, 4, 1, 0, 1, 0.3, 1)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new DepthLearner(mse, 4, 1, 1, 0, 0.3, 1)).hasMessageContaining("samples per round");
        assertThatThrownBy(() -> new DepthLearner(mse, 4, 1, 1, 1, 0, 1)).hasMessageContaining("learning rate");
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
        // the round trained on the submitted sample (target 3), not on an empty buffer
        assertThat(predictor.current().value(FEATURES.features(task, List.of(), List.of()))).isGreaterThan(0.5);
        clock.drain();
        assertThat(trainer.roundsPublished()).isEqualTo(2);
        assertThat(clock.nanoTime()).isEqualTo(4_000_000_000L);
    }

    /**
     * An episode that yields no sample ended the cold start: its submit started a round on the empty buffer, which
     * published an all-zero model (V = 0 everywhere, so the dynamic policy's k fell from 1 + offset to offset).
     * Submitting nothing now starts no round, on either trainer; the first real sample still does.
     */
    @Test
    void submittingNoSampleStartsNoRoundAndKeepsTheColdStart() throws Exception {
        TrainingSample sample = new TrainingSample(FEATURES.features(new PlanningTask("t", "task"), List.of(), List.of()), 3);
        SimulatedClock clock = new SimulatedClock(1);
        DepthPredictor simulated = new DepthPredictor(FEATURES);
        SimulatedTrainer rounds = new SimulatedTrainer(clock, new ReplayBuffer(10),
                new DepthLearner(new ExpectileLoss(0.5), FEATURES.dimension(), 1, 1, 10, 0.3, 1), simulated, 1_000);
        rounds.submit(List.of());
        clock.drain();
        assertThat(rounds.roundsPublished()).isZero();
        assertThat(simulated.current()).as("still the cold start").isNull();
        rounds.submit(List.of(sample));
        clock.drain();
        assertThat(simulated.current().version()).isEqualTo(1);

        DepthPredictor threaded = new DepthPredictor(FEATURES);
        try (ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(10),
                new DepthLearner(new ExpectileLoss(0.5), FEATURES.dimension(), 1, 1, 10, 0.3, 1), threaded)) {
            trainer.submit(List.of());
            Thread.sleep(200);
            assertThat(trainer.roundsPublished()).isZero();
            assertThat(threaded.current()).as("still the cold start").isNull();
            trainer.submit(List.of(sample));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (trainer.roundsPublished() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(threaded.current().version()).isEqualTo(1);
        }
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
        Loss heldLoss = mseAfter(() -> {
            inLoss.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try (ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(5000),
                new DepthLearner(heldLoss, features.dimension(), 2, 8, 5000, 0.3, 1), predictor)) {
            assertThat(trainer.isTraining()).as("nothing submitted yet").isFalse();
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

    /**
     * A round failing with an Error (here an AssertionError from the loss; an OutOfMemoryError of a round's arrays is
     * the likely one) ended the trainer thread: the failure was not counted, and every later round silently never ran.
     * It is now counted like any failed round, and the thread trains the next one.
     */
    @Test
    void aRoundFailingWithAnErrorIsCountedAndTheThreadTrainsTheNextRound() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        Loss failsOnce = mseAfter(() -> {
            if (failed.compareAndSet(false, true)) {
                throw new AssertionError("a broken loss");
            }
        });
        DepthPredictor predictor = new DepthPredictor(FEATURES);
        TrainingSample sample = new TrainingSample(FEATURES.features(new PlanningTask("t", "task"), List.of(), List.of()), 2);
        try (ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(10),
                new DepthLearner(failsOnce, FEATURES.dimension(), 1, 1, 10, 0.3, 1), predictor)) {
            trainer.submit(List.of(sample));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (trainer.failedRounds() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(trainer.failedRounds()).as("the round that threw an Error was counted").isEqualTo(1);
            trainer.submit(List.of(sample));
            while (trainer.roundsPublished() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(trainer.roundsPublished()).as("the next round was trained and published").isEqualTo(1);
            assertThat(predictor.current()).isNotNull();
        }
    }

    /**
     * close() returned at once while a round was being trained: the thread lived on until the round's end and then
     * published its model into a closed trainer's predictor. close() now stops the round (checked between
     * mini-batches), returns once the thread has ended, and nothing is published after it.
     */
    @Test
    void closeEndsTheTrainerThreadBeforeReturningAndNoRoundIsPublishedAfterIt() throws Exception {
        CountDownLatch inLoss = new CountDownLatch(1);
        AtomicReference<Thread> trainerThread = new AtomicReference<>();
        Loss heldUntilInterrupted = mseAfter(() -> {
            trainerThread.set(Thread.currentThread());
            inLoss.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DepthPredictor predictor = new DepthPredictor(FEATURES);
        PlanningTask task = new PlanningTask("t", "task");
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(new TrainingSample(FEATURES.features(task, List.of("step" + i), List.of()), 1 + i % 3));
        }
        ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(100),
                new DepthLearner(heldUntilInterrupted, FEATURES.dimension(), 1, 1, 100, 0.3, 1), predictor);
        trainer.submit(samples);
        assertThat(inLoss.await(10, TimeUnit.SECONDS)).as("the round started").isTrue();
        trainer.close();
        assertThat(trainerThread.get().isAlive()).as("the trainer thread ended before close returned").isFalse();
        trainerThread.get().join(10_000);
        trainer.submit(samples);
        assertThat(trainer.roundsPublished()).isZero();
        assertThat(predictor.current()).as("no model published after close").isNull();
        assertThat(trainer.failedRounds()).as("a round stopped by close is no failure").isZero();
    }

    @Test
    void aFailedTrainingRoundLeavesTheTrainerThreadAlive() throws Exception {
        DepthPredictor predictor = new DepthPredictor(new StateFeatures(8));
        // a sample wider than the learner's dimension makes every round throw
        TrainingSample broken = new TrainingSample(new SparseVector(new int[] {1000}, new double[] {1}), 2);
        try (ThreadedTrainer trainer = new ThreadedTrainer(new ReplayBuffer(10),
                new DepthLearner(new ExpectileLoss(0.5), 8, 1, 1, 10, 0.3, 1), predictor)) {
            // a daemon thread: an unclosed trainer never keeps the JVM alive
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("specagent-depth-trainer"))
                    .isNotEmpty().allMatch(Thread::isDaemon);
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

    /** Mean squared error whose gradient first runs {@code beforeGradient}: a test's hook into a training round. */
    private static Loss mseAfter(Runnable beforeGradient) {
        ExpectileLoss mse = new ExpectileLoss(0.5);
        return new Loss() {
            @Override
            public double loss(double v, double y) {
                return mse.loss(v, y);
            }

            @Override
            public double gradient(double v, double y) {
                beforeGradient.run();
                return mse.gradient(v, y);
            }
        };
    }
}
