package dev.specagent.envs.ostune.agents;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.lossy.CompressedHistory;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.SafetyEnvelope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The model-fit actor's contracts: which readings it fits, how far it trusts the fit, what it does without one. */
class ModelFitActorTest {

    private static final SafetyEnvelope ENV = new SafetyEnvelope(0.5, 100, 100);
    private static final KnobScale LOG = KnobScale.of(ENV);

    private static CompressedHistory.Bucket bucket(double value, double p95, int count) {
        return new CompressedHistory.Bucket(value * 0.9, value * 1.1, value, p95, p95, count, 10);
    }

    private static CompressedHistory history(double current, List<CompressedHistory.Bucket> buckets) {
        return new CompressedHistory("g", "ms", ENV, current, 30, buckets, List.of(), Optional.empty(), 0);
    }

    /** Buckets at {@code values} whose mean p95 is {@code f} of the log of the value. */
    private static List<CompressedHistory.Bucket> buckets(DoubleUnaryOperator f, int count, double... values) {
        List<CompressedHistory.Bucket> out = new ArrayList<>();
        for (double v : values) {
            out.add(bucket(v, f.applyAsDouble(Math.log(v)), count));
        }
        return out;
    }

    @Test
    void deliberationBoundsMayBeEqualOrZeroAndAReversedRangeIsRejectedWithItsValues() {
        assertThat(new ModelFitActor(0, 0, 1)).isNotNull();
        assertThat(new ModelFitActor(12, 12, 1)).isNotNull();
        assertThatThrownBy(() -> new ModelFitActor(15, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deliberation must satisfy 0 <= min <= max, got 15.0..10.0");
        assertThatThrownBy(() -> new ModelFitActor(-1, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0..10.0");
    }

    @Test
    void aDecisionArrivesAfterASeededDeliberationWithinTheBoundsAtNoCost() {
        CompressedHistory ctx = history(40, List.of());
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            SimulatedClock clock = new SimulatedClock(1);
            List<Object> got = new ArrayList<>();
            new ModelFitActor(10, 15, 7).decide(ctx, clock, completion(got, clock));
            clock.drain();
            assertThat(got).hasSize(3);
            assertThat(got.get(0)).isEqualTo(ModelFitActor.decide(ctx));
            assertThat(got.get(1)).isEqualTo(Usage.ZERO);
            long at = (Long) got.get(2);
            assertThat(at).isBetween(10_000_000_000L, 15_000_000_000L);
            times.add(at);
        }
        assertThat(times.get(0)).isEqualTo(times.get(1)); // the same seed, the same deliberation

        SimulatedClock clock = new SimulatedClock(1);
        List<Object> got = new ArrayList<>();
        CallHandle handle = new ModelFitActor(10, 15, 7).decide(ctx, clock, completion(got, clock));
        assertThat(handle.cancel()).isEqualTo(Usage.ZERO);
        clock.drain();
        assertThat(got).isEmpty();
        assertThat(new ModelFitActor(10, 15, 7).describe()).contains("10–15 s", "zero cost");
    }

    /** A decision's report added to {@code got}: the decision, its usage and the clock's time; or the error. */
    static Completion<Decision> completion(List<Object> got, SimulatedClock clock) {
        return new Completion<>() {
            @Override
            public void succeed(Decision value, Usage usage) {
                got.add(value);
                got.add(usage);
                got.add(clock.nanoTime());
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                got.add(error);
            }
        };
    }

    @Test
    void withOneValueSeenItDoublesFromBelowTheMiddleAndHalvesFromAbove() {
        CompressedHistory.Bucket one = bucket(1, 50, 3);
        Decision up = ModelFitActor.decide(history(1, List.of(one)));
        assertThat(up.value()).isEqualTo(2);
        assertThat(up.rationale()).startsWith("too little history");
        assertThat(ModelFitActor.decide(history(40, List.of(bucket(40, 100, 3)))).value()).isEqualTo(20);
    }

    @Test
    void onALinearKnobWithoutHistoryItStepsAnEighthOfTheRangeTowardsTheMiddle() {
        SafetyEnvelope linear = new SafetyEnvelope(-20, 100, 200);
        assertThat(ModelFitActor.decide(new CompressedHistory("g", "ms", linear, -20, 0, List.of(), List.of(), Optional.empty(), 0))
                .value()).isEqualTo(-5);
        assertThat(ModelFitActor.decide(new CompressedHistory("g", "ms", linear, 90, 0, List.of(), List.of(), Optional.empty(), 0))
                .value()).isEqualTo(75);
    }

    @Test
    void withTwoValuesSeenItProbesBeyondTheBestByAFactorTwoOrByAboutOnePointTwoWhenMeasuredWell() {
        Decision below = ModelFitActor.decide(history(8, List.of(bucket(4, 40, 2), bucket(8, 60, 2))));
        assertThat(below.value()).isEqualTo(2);
        assertThat(below.rationale()).startsWith("no convex model yet");
        assertThat(ModelFitActor.decide(history(8, List.of(bucket(4, 60, 2), bucket(8, 40, 2)))).value()).isEqualTo(16);
        assertThat(ModelFitActor.decide(history(8, List.of(bucket(4, 40, 5), bucket(8, 60, 2)))).value())
                .isEqualTo(KnobScale.round3(4 / Math.pow(2, 0.25)));
        assertThat(ModelFitActor.decide(history(8, List.of(bucket(4, 60, 2), bucket(8, 40, 5)))).value())
                .isEqualTo(KnobScale.round3(8 * Math.pow(2, 0.25)));
    }

    @Test
    void threeValuesOnAConcaveCurveAreNoModelAndItProbesBeyondTheBest() {
        Decision d = ModelFitActor.decide(history(8, buckets(u -> 100 - u * u, 2, 2, 4, 8)));
        assertThat(d.rationale()).startsWith("no convex model yet");
        assertThat(d.value()).isEqualTo(16);
    }

    @Test
    void threeValuesOnAConvexCurveMoveToTheFittedMinimum() {
        double opt = Math.log(5);
        Decision d = ModelFitActor.decide(history(8, buckets(u -> 30 + (u - opt) * (u - opt), 2, 2, 4, 8)));
        assertThat(d.value()).isEqualTo(5);
        assertThat(d.rationale()).contains("quadratic fit over 3 knob values");
    }

    @Test
    void theFitIsTrustedAtMostAFactorTwoBeyondTheValuesSeen() {
        double far = Math.log(60);
        assertThat(ModelFitActor.decide(history(4, buckets(u -> (u - far) * (u - far), 2, 2, 3, 4))).value()).isEqualTo(8);
        double low = Math.log(0.6);
        assertThat(ModelFitActor.decide(history(20, buckets(u -> (u - low) * (u - low), 2, 20, 30, 40))).value()).isEqualTo(10);
    }

    @Test
    void theFitRecoversAnExactQuadraticInTheLogOfTheKnobWhateverTheCounts() {
        List<CompressedHistory.Bucket> bs = new ArrayList<>();
        int[] counts = {1, 4, 9, 2};
        double[] values = {1, 3, 9, 27};
        for (int i = 0; i < values.length; i++) {
            double u = Math.log(values[i]);
            bs.add(bucket(values[i], 2 * u * u - 3 * u + 5, counts[i]));
        }
        double[] fit = ModelFitActor.fitQuadratic(bs, LOG);
        assertThat(fit[0]).isCloseTo(2, within(1e-9));
        assertThat(fit[1]).isCloseTo(-3, within(1e-9));
        assertThat(fit[2]).isCloseTo(5, within(1e-9));
    }

    @Test
    void theFitWeighsABucketByItsReadingsSoAWellMeasuredValuePullsHarder() {
        // four points off any parabola: the residual at the last one shrinks as its count grows
        double[] values = {1, 3, 9, 27};
        double[] p95 = {10, 6, 7, 20};
        double light = residual(values, p95, 1);
        double heavy = residual(values, p95, 100);
        assertThat(heavy).isLessThan(light / 5);
    }

    private static double residual(double[] values, double[] p95, int lastCount) {
        List<CompressedHistory.Bucket> bs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            bs.add(bucket(values[i], p95[i], i == values.length - 1 ? lastCount : 1));
        }
        double[] f = ModelFitActor.fitQuadratic(bs, LOG);
        double u = Math.log(values[values.length - 1]);
        return Math.abs(f[0] * u * u + f[1] * u + f[2] - p95[values.length - 1]);
    }

    @Test
    void readingsOfASingleValueGiveNoFit() {
        assertThat(ModelFitActor.fitQuadratic(List.of(bucket(4, 30, 2), bucket(4, 32, 3), bucket(4, 31, 1)), LOG)).isNull();
    }
}
