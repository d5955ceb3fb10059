package dev.specagent.envs.ostune.agents;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.SimulatedClock;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.workload.LatencyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The golden-section speculator's contracts: its bracket, the point it holds, how it reads others' writes. */
class GoldenSectionSpeculatorTest {

    private static final SafetyEnvelope ENV = new SafetyEnvelope(0.5, 100, 100);
    private static final LatencyModel MODEL = LatencyModel.DEFAULT;
    private static final Pattern BRACKET = Pattern.compile("within \\[([0-9.e+-]+), ([0-9.e+-]+)]");

    /** A noise-free run: one steady reading per decision, the decision applied through the envelope. */
    private static final class Run {
        final GoldenSectionSpeculator speculator = new GoldenSectionSpeculator();
        final SafetyEnvelope env;
        final List<MetricSample> samples = new ArrayList<>();
        final List<KnobWrite> writes = new ArrayList<>();
        Optional<KnobWrite> actor = Optional.empty();
        DoubleUnaryOperator p95 = MODEL::p95;
        double value;
        int t;

        Run(SafetyEnvelope env, double start) {
            this.env = env;
            this.value = start;
        }

        /** Takes a steady reading of the current value and applies the speculator's next decision. */
        Decision step() {
            return step(true);
        }

        Decision step(boolean steady) {
            t++;
            samples.add(new MetricSample(t * 1_000_000_000L, p95.applyAsDouble(value), value, steady));
            Decision d = speculator.next(new HybridContext("g", "ms", env, value, t, actor, samples, writes));
            value = env.apply(value, d.value());
            return d;
        }

        /** Someone else writes {@code to} just after the latest reading. */
        KnobWrite write(WriteSource source, double to) {
            KnobWrite w = new KnobWrite(t * 1_000_000_000L + 500_000_000L, source, to, to, value, source.name());
            value = to;
            return w;
        }

        /** Steps until the search converges; returns the converging decision. */
        Decision converge() {
            for (int i = 0; i < 60; i++) {
                Decision d = step();
                if (d.rationale().startsWith("search converged")) {
                    return d;
                }
            }
            throw new AssertionError("no convergence within 60 readings");
        }
    }

    private static double[] bracket(Decision d) {
        Matcher m = BRACKET.matcher(d.rationale());
        assertThat(m.find()).as("a bracket in %s", d.rationale()).isTrue();
        return new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    @Test
    void aZeroThinkTimeIsAllowedAndANonPositiveToleranceOrNegativeThinkTimeIsRejected() {
        assertThat(new GoldenSectionSpeculator(0, 0.18)).isNotNull();
        assertThatThrownBy(() -> new GoldenSectionSpeculator(0.05, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tolerance > 0");
        assertThatThrownBy(() -> new GoldenSectionSpeculator(-0.01, 0.18)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("think time must be >= 0");
    }

    @Test
    void aDecisionArrivesAfterTheThinkTimeAtNoCostAndCanBeCancelled() {
        HybridContext ctx = new HybridContext("g", "ms", ENV, 40, 1, Optional.empty(),
                List.of(new MetricSample(1_000_000_000L, MODEL.p95(40), 40, true)), List.of());
        Decision expected = new GoldenSectionSpeculator().next(ctx);
        SimulatedClock clock = new SimulatedClock(1);
        List<Object> got = new ArrayList<>();
        Completion<Decision> done = ModelFitActorTest.completion(got, clock);
        new GoldenSectionSpeculator(0.25, 0.18).decide(ctx, clock, done);
        clock.drain();
        assertThat(got).containsExactly(expected, Usage.ZERO, 250_000_000L);

        got.clear();
        CallHandle handle = new GoldenSectionSpeculator(0.25, 0.18).decide(ctx, clock, done);
        assertThat(handle.cancel()).isEqualTo(Usage.ZERO);
        clock.drain();
        assertThat(got).isEmpty();
        assertThat(new GoldenSectionSpeculator().describe()).contains("golden-section", "zero cost");
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({"0.5, 100", "10, 1000"})
    void everyDecisionIsAKnobValueInsideTheEnvelopeAndTheBracketOnlyNarrows(double min, double max) {
        SafetyEnvelope env = new SafetyEnvelope(min, max, max);
        Run run = new Run(env, 40);
        double width = Double.MAX_VALUE;
        int searching = 0;
        for (int i = 0; i < 40; i++) {
            Decision d = run.step();
            assertThat(env.contains(d.value())).as("%s in %s", d.value(), env).isTrue();
            if (d.rationale().startsWith("golden-section")) {
                searching++;
                double[] ab = bracket(d);
                assertThat(ab[0]).isGreaterThanOrEqualTo(min);
                assertThat(ab[1]).isLessThanOrEqualTo(max);
                assertThat(d.value()).isBetween(ab[0] * 0.99, ab[1] * 1.01);
                double w = Math.log(ab[1] / ab[0]);
                assertThat(w).isLessThanOrEqualTo(width + 1e-9);
                width = w;
            }
        }
        assertThat(searching).isGreaterThan(5);
        assertThat(width).isLessThan(0.5);
    }

    @Test
    void theConvergedSearchHoldsTheBestValueItMeasured() {
        Run run = new Run(ENV, 40);
        Decision converged = run.converge();
        MetricSample best = run.samples.stream().min((x, y) -> Double.compare(x.metric(), y.metric())).orElseThrow();
        assertThat(converged.value()).isEqualTo(best.knobValue());
        assertThat(converged.rationale()).contains(String.format(Locale.ROOT, "p95 %.2f ms", best.metric()));
        assertThat(run.step().rationale()).startsWith("holding");
    }

    @Test
    void anActorDecisionWhileSearchingRecentresTheSearchWithinAFactorThreeOfItsValue() {
        Run run = new Run(ENV, 40);
        run.step();
        run.step();
        run.actor = Optional.of(run.write(WriteSource.ACTOR, 10));
        Decision d = run.step();
        assertThat(bracket(d)).containsExactly(3.33, 30.0);
        assertThat(d.value()).isBetween(3.33, 30.0);
        // the same write, still the latest actor write, is not taken for a new one: the search converges
        assertThat(run.converge().value()).isBetween(3.33, 30.0);
    }

    @Test
    void onALinearKnobAnActorWriteRecentresWithinASixthOfTheRangeCutAtItsBounds() {
        Run run = new Run(new SafetyEnvelope(-20, 100, 200), 40);
        run.step();
        run.step();
        run.actor = Optional.of(run.write(WriteSource.ACTOR, 95));
        assertThat(bracket(run.step())).containsExactly(75.0, 100.0);
    }

    @Test
    void aPerturbationWhileSearchingRestartsTheFullSearchButALaterActorWriteWins() {
        Run run = new Run(ENV, 40);
        run.step();
        run.step();
        run.step();
        run.writes.add(run.write(WriteSource.EXTERNAL, 60));
        assertThat(bracket(run.step())).containsExactly(0.5, 100.0);

        Run both = new Run(ENV, 40);
        both.step();
        both.step();
        both.writes.add(both.write(WriteSource.EXTERNAL, 60));
        KnobWrite actor = new KnobWrite(both.t * 1_000_000_000L + 700_000_000L, WriteSource.ACTOR, 10, 10, 60, "actor");
        both.value = 10;
        both.actor = Optional.of(actor);
        assertThat(bracket(both.step())).containsExactly(3.33, 30.0);
    }

    @Test
    void aClampedRequestIsStillInTransitSoTheSearchKeepsAskingForIt() {
        Run run = new Run(new SafetyEnvelope(0.5, 100, 5), 40);
        Decision first = run.step();
        assertThat(run.value).isEqualTo(35); // the envelope moved it only 5 towards the target
        assertThat(run.step().value()).isEqualTo(first.value());
        assertThat(run.value).isEqualTo(30);
        assertThat(run.step().value()).isEqualTo(first.value());
    }

    @Test
    void twoReadingsWellAboveTheHeldLevelReopenTheSearchButOneDoesNot() {
        Run run = new Run(ENV, 40);
        double held = run.converge().value();
        run.step();
        run.p95 = v -> 2 * MODEL.p95(v); // the workload changed
        assertThat(run.step().value()).isEqualTo(held);
        run.p95 = MODEL::p95;
        assertThat(run.step().value()).isEqualTo(held); // a good reading: the count starts again
        run.p95 = v -> 2 * MODEL.p95(v);
        assertThat(run.step().value()).isEqualTo(held);
        Decision reopened = run.step();
        assertThat(reopened.rationale()).contains("searching again");
        assertThat(bracket(run.step())).containsExactly(0.5, 100.0);
    }

    @Test
    void aForeignValueAsGoodAsTheHeldOneIsMeasuredOnceThenKept() {
        Run run = new Run(ENV, 40);
        double held = run.converge().value();
        run.step();
        double near = held * 1.05;
        assertThat(MODEL.p95(near)).isLessThan(MODEL.p95(held) * 1.05);
        run.writes.add(run.write(WriteSource.EXTERNAL, near));
        Decision measuring = run.step(false);
        assertThat(measuring.value()).isEqualTo(near);
        assertThat(measuring.rationale()).isEqualTo("measuring the newly written value");
        Decision kept = run.step();
        assertThat(kept.value()).isEqualTo(near);
        assertThat(kept.rationale()).contains("keeping it");
        Decision holding = run.step();
        assertThat(holding.value()).isEqualTo(near);
        assertThat(holding.rationale()).startsWith("holding");
    }
}
