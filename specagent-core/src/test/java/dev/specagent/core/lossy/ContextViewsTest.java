package dev.specagent.core.lossy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The agents' views of a {@link ControlHistory}: the actor's {@link CompressedHistory}, the speculator's {@link HybridContext}. */
class ContextViewsTest {

    private static final SafetyEnvelope LINEAR = new SafetyEnvelope(0, 100, 10);
    private static final SafetyEnvelope LOG = new SafetyEnvelope(1, 10_000, 1000);
    private static final long MEMORY = nanos(600);

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    private static MetricSample reading(double seconds, double metric, double knob, boolean steady) {
        return new MetricSample(nanos(seconds), metric, knob, steady);
    }

    private static KnobWrite write(double seconds, WriteSource source, double value) {
        return new KnobWrite(nanos(seconds), source, value, value, 0, source + " at " + seconds);
    }

    private static ControlHistory history(Object... events) {
        ControlHistory h = new ControlHistory();
        for (Object e : events) {
            if (e instanceof MetricSample s) {
                h.add(s);
            } else {
                h.add((KnobWrite) e);
            }
        }
        return h;
    }

    private static CompressedHistory compress(ControlHistory h, SafetyEnvelope env, double nowSeconds, int bins,
                                              long memory) {
        return CompressedHistory.of(h, "k", "u", env, 50, nanos(nowSeconds), bins, memory);
    }

    @Test
    void bucketsSplitALinearEnvelopeEvenlyAndSummariseTheirSteadyReadings() {
        ControlHistory h = history(reading(1, 8, 10, true), reading(2, 6, 20, true), reading(3, 3, 60, true),
                reading(4, 9, 100, true), reading(5, 1, 30, false));
        CompressedHistory c = compress(h, LINEAR, 5, 4, MEMORY);
        assertThat(c.nowSeconds()).isEqualTo(5.0);
        assertThat(c.buckets()).containsExactly(
                new CompressedHistory.Bucket(0, 25, 15, 7, 6, 2, 2),
                new CompressedHistory.Bucket(50, 75, 60, 3, 3, 1, 3),
                new CompressedHistory.Bucket(75, 100, 100, 9, 9, 1, 4));
        assertThat(c.bestBucket()).hasValueSatisfying(b -> assertThat(b.knobValue()).isEqualTo(60));
    }

    @Test
    void bucketsOfAPositiveEnvelopeHaveEqualRatiosAndAGeometricMean() {
        ControlHistory h = history(reading(1, 5, 2, true), reading(2, 7, 8, true), reading(3, 4, 300, true));
        List<CompressedHistory.Bucket> buckets = compress(h, LOG, 3, 4, MEMORY).buckets();
        assertThat(buckets).hasSize(2);
        CompressedHistory.Bucket first = buckets.get(0);
        assertThat(first.low()).isCloseTo(1, within(1e-9));
        assertThat(first.high()).isCloseTo(10, within(1e-9));
        assertThat(first.knobValue()).isCloseTo(4, within(1e-9));
        assertThat(first.meanMetric()).isEqualTo(6);
        assertThat(first.bestMetric()).isEqualTo(5);
        CompressedHistory.Bucket third = buckets.get(1);
        assertThat(third.low()).isCloseTo(100, within(1e-9));
        assertThat(third.high()).isCloseTo(1000, within(1e-9));
        assertThat(third.knobValue()).isCloseTo(300, within(1e-9));
    }

    @Test
    void bucketsStartAtTheEnvelopesLowerBound() {
        SafetyEnvelope linear = new SafetyEnvelope(-20, 60, 5);
        assertThat(compress(history(reading(1, 5, 45, true)), linear, 1, 4, MEMORY).buckets()).singleElement()
                .satisfies(b -> assertThat(List.of(b.low(), b.high())).containsExactly(40.0, 60.0));
        SafetyEnvelope log = new SafetyEnvelope(10, 100_000, 5);
        assertThat(compress(history(reading(1, 5, 2000, true)), log, 1, 4, MEMORY).buckets()).singleElement()
                .satisfies(b -> {
                    assertThat(b.low()).isCloseTo(1000, within(1e-6));
                    assertThat(b.high()).isCloseTo(10_000, within(1e-6));
                });
    }

    /** An envelope of one value has one bucket, also for readings of a system found outside it. */
    @Test
    void aSingleValueEnvelopeKeepsEveryReadingInOneBucket() {
        ControlHistory h = history(reading(1, 5, 5, true), reading(2, 7, 7, true));
        assertThat(compress(h, new SafetyEnvelope(5, 5, 1), 2, 4, MEMORY).buckets()).singleElement()
                .satisfies(b -> assertThat(b.count()).isEqualTo(2));
    }

    @Test
    void readingsOfValuesOutsideTheEnvelopeCountInTheFirstOrLastBucket() {
        ControlHistory h = history(reading(1, 5, -20, true), reading(2, 6, 150, true));
        assertThat(compress(h, LINEAR, 2, 4, MEMORY).buckets()).extracting(CompressedHistory.Bucket::low)
                .containsExactly(0.0, 75.0);
        ControlHistory beyond = history(reading(1, 5, 50_000, true));
        assertThat(compress(beyond, LOG, 1, 4, MEMORY).buckets()).singleElement()
                .satisfies(b -> assertThat(b.low()).isCloseTo(1000, within(1e-9)));
    }

    @Test
    void onlyTheSteadyReadingsOfTheMemoryWindowUpToTheViewCount() {
        ControlHistory h = history(reading(9.9, 1, 10, true), reading(10, 2, 10, true), reading(15, 3, 10, false),
                reading(20, 4, 10, true), reading(21, 5, 10, true));
        CompressedHistory c = compress(h, LINEAR, 20, 4, nanos(10));
        assertThat(c.buckets()).singleElement().satisfies(b -> {
            assertThat(b.count()).isEqualTo(2);
            assertThat(b.meanMetric()).isEqualTo(3);
            assertThat(b.lastSeconds()).isEqualTo(20);
        });
    }

    @Test
    void oneBinHoldsEveryReadingAndNoneIsRefused() {
        ControlHistory h = history(reading(1, 5, 1, true), reading(2, 7, 99, true));
        assertThat(compress(h, LINEAR, 2, 1, MEMORY).buckets()).singleElement()
                .isEqualTo(new CompressedHistory.Bucket(0, 100, 50, 6, 5, 2, 2));
        assertThatThrownBy(() -> compress(h, LINEAR, 2, 0, MEMORY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bins must be positive, got 0");
    }

    @Test
    void theLastRawReadingsAreKeptAsTheyAreOldestFirst() {
        ControlHistory h = new ControlHistory();
        for (int t = 1; t <= 7; t++) {
            h.add(reading(t, t, 10, t % 2 == 0));
        }
        assertThat(compress(h, LINEAR, 7, 4, MEMORY).recent()).extracting(MetricSample::seconds)
                .containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
        assertThat(compress(history(reading(1, 1, 10, false)), LINEAR, 1, 4, MEMORY).recent()).hasSize(1);
    }

    @Test
    void theActorsPreviousWriteAndTheWritesOthersMadeAfterIt() {
        KnobWrite actor = write(1, WriteSource.ACTOR, 30);
        CompressedHistory c = compress(history(actor, write(2, WriteSource.SPECULATOR, 35),
                write(3, WriteSource.EXTERNAL, 90), write(4, WriteSource.SPECULATOR, 80)), LINEAR, 4, 4, MEMORY);
        assertThat(c.lastActorWrite()).contains(actor);
        assertThat(c.writesSinceActor()).isEqualTo(3);

        KnobWrite later = write(3, WriteSource.ACTOR, 40);
        c = compress(history(actor, write(2, WriteSource.SPECULATOR, 35), later, write(4, WriteSource.SPECULATOR, 45)),
                LINEAR, 4, 4, MEMORY);
        assertThat(c.lastActorWrite()).contains(later);
        assertThat(c.writesSinceActor()).isEqualTo(1);

        c = compress(history(write(1, WriteSource.SPECULATOR, 35), write(2, WriteSource.EXTERNAL, 90)), LINEAR, 2, 4,
                MEMORY);
        assertThat(c.lastActorWrite()).isEmpty();
        assertThat(c.writesSinceActor()).isEqualTo(2);
    }

    /** A perturbation the actor's write overwrote at the same instant came before it, not since. */
    @Test
    void aWriteAtTheInstantOfTheActorsButBeforeItIsNotSinceIt() {
        KnobWrite actor = write(5, WriteSource.ACTOR, 30);
        ControlHistory h = history(write(5, WriteSource.EXTERNAL, 90), actor);
        assertThat(compress(h, LINEAR, 6, 4, MEMORY).writesSinceActor()).isZero();
        HybridContext hybrid = HybridContext.of(h, "k", "u", LINEAR, 30, nanos(6));
        assertThat(hybrid.lastActorWrite()).contains(actor);
        assertThat(hybrid.writes()).isEmpty();
    }

    @Test
    void theActorsTextHoldsTheBucketsTheReadingsAndItsPreviousDecision() {
        CompressedHistory empty = compress(new ControlHistory(), LINEAR, 0, 4, MEMORY);
        assertThat(empty.toText()).contains("(no steady readings yet)").doesNotContain("Your previous decision");

        ControlHistory h = history(reading(1, 8, 10, true), write(1.2, WriteSource.ACTOR, 20), reading(2, 6, 20, false),
                write(2.5, WriteSource.SPECULATOR, 25));
        String text = compress(h, LINEAR, 3, 4, MEMORY).toText();
        assertThat(text).startsWith("Knob k = 50 u at t=3 s; allowed range [0, 100], at most 10 per change.")
                .doesNotContain("no steady readings")
                .contains("  10 u: mean p95 8.00 ms, best 8.00 ms over 1 readings, last at t=1 s")
                .contains("  t=1 s: p95 8.00 ms at 10 u\n")
                .contains("  t=2 s: p95 6.00 ms at 20 u (knob changed during this second)")
                .contains("Your previous decision: 20 u at t=1 s; 1 writes by others since.");
    }

    @Test
    void wholeNumbersAreWrittenWithoutDecimalsAndOthersToThreeFigures() {
        assertThat(CompressedHistory.num(40)).isEqualTo("40");
        assertThat(CompressedHistory.num(-3)).isEqualTo("-3");
        assertThat(CompressedHistory.num(2.5)).isEqualTo("2.50");
        assertThat(CompressedHistory.num(0.123456)).isEqualTo("0.123");
    }

    @Test
    void theSpeculatorSeesTheActorsDecisionAndWhatHappenedAfterIt() {
        KnobWrite actor = write(3, WriteSource.ACTOR, 30);
        KnobWrite perturbation = write(4, WriteSource.EXTERNAL, 90);
        KnobWrite speculator = write(5, WriteSource.SPECULATOR, 80);
        ControlHistory h = history(reading(1, 1, 10, true), write(2, WriteSource.SPECULATOR, 20), reading(2, 2, 20, false),
                actor, reading(3, 3, 30, false), perturbation, reading(4, 4, 90, false), speculator,
                reading(5, 5, 80, false));
        HybridContext c = HybridContext.of(h, "k", "u", LINEAR, 80, nanos(5.5));
        assertThat(c.nowSeconds()).isEqualTo(5.5);
        assertThat(c.lastActorWrite()).contains(actor);
        assertThat(c.samples()).extracting(MetricSample::seconds).containsExactly(3.0, 4.0, 5.0);
        assertThat(c.writes()).containsExactly(perturbation, speculator);
        assertThat(c.toText()).contains("The actor's latest decision (t=3 s): 30 u. Its analysis: ACTOR at 3.0")
                .contains("  t=4.0 s: external wrote 90 u");
    }

    @Test
    void beforeTheActorDecidesTheSpeculatorSeesEverythingUpToItsCap() {
        ControlHistory h = new ControlHistory();
        for (int t = 1; t <= HybridContext.MAX_RAW + 10; t++) {
            h.add(reading(t, t, 10, true));
            h.add(write(t + 0.5, WriteSource.SPECULATOR, t));
        }
        HybridContext c = HybridContext.of(h, "k", "u", LINEAR, 10, nanos(41));
        assertThat(c.lastActorWrite()).isEmpty();
        assertThat(c.samples()).hasSize(HybridContext.MAX_RAW).first()
                .satisfies(s -> assertThat(s.seconds()).isEqualTo(11));
        assertThat(c.writes()).hasSize(HybridContext.MAX_RAW).last()
                .satisfies(w -> assertThat(w.seconds()).isEqualTo(40.5));
        assertThat(c.toText()).contains("The actor has not decided yet.");
        assertThat(HybridContext.of(new ControlHistory(), "k", "u", LINEAR, 10, 0).samples()).isEmpty();
    }
}
