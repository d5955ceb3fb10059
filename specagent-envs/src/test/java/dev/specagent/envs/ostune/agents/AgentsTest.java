package dev.specagent.envs.ostune.agents;

import dev.specagent.core.lossy.CompressedHistory;
import dev.specagent.core.lossy.Decision;
import dev.specagent.core.lossy.HybridContext;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.MetricSample;
import dev.specagent.core.lossy.SafetyEnvelope;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.workload.LatencyModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AgentsTest {

    static final SafetyEnvelope ENV = new SafetyEnvelope(0.5, 100, 100);
    static final LatencyModel MODEL = LatencyModel.DEFAULT;

    @Test
    void goldenSectionFindsTheOptimumOfANoiseFreeValley() {
        GoldenSectionSpeculator s = new GoldenSectionSpeculator();
        double value = 40;
        List<MetricSample> samples = new ArrayList<>();
        for (int t = 1; t <= 40; t++) {
            samples.add(new MetricSample(t * 1_000_000_000L, MODEL.p95(value), value, true));
            HybridContext ctx = new HybridContext("g", "ms", ENV, value, t, Optional.empty(), samples, List.of());
            value = ENV.apply(value, s.next(ctx).value());
        }
        assertThat(value / MODEL.optimum()).isBetween(0.85, 1.15);
    }

    @Test
    void theModelFitActorMovesToTheFittedMinimum() {
        List<CompressedHistory.Bucket> buckets = new ArrayList<>();
        for (double g : new double[]{3, 12, 24}) {
            buckets.add(new CompressedHistory.Bucket(g * 0.9, g * 1.1, g, MODEL.p95(g), MODEL.p95(g), 5, 10));
        }
        CompressedHistory ctx = new CompressedHistory("g", "ms", ENV, 24, 30, buckets, List.of(), Optional.empty(), 0);
        Decision d = ModelFitActor.decide(ctx);
        assertThat(d.value() / MODEL.optimum()).isBetween(0.7, 1.4);
        assertThat(d.rationale()).contains("quadratic fit");
    }

    @Test
    void withoutHistoryTheActorExploresTowardsTheMiddle() {
        CompressedHistory ctx = new CompressedHistory("g", "ms", ENV, 40, 0, List.of(), List.of(), Optional.empty(), 0);
        assertThat(ModelFitActor.decide(ctx).value()).isEqualTo(20);
    }

    @Test
    void goldenSectionAcceptsTheValueAKernelRoundedAndStillConverges() {
        GoldenSectionSpeculator s = new GoldenSectionSpeculator();
        double value = 40;
        List<MetricSample> samples = new ArrayList<>();
        List<KnobWrite> writes = new ArrayList<>();
        for (int t = 1; t <= 40; t++) {
            samples.add(new MetricSample(t * 1_000_000_000L, MODEL.p95(value), value, true));
            HybridContext ctx = new HybridContext("g", "ms", ENV, value, t, Optional.empty(), samples, writes);
            Decision d = s.next(ctx);
            double applied = Math.rint(ENV.apply(value, d.value())); // a knob of whole milliseconds
            if (applied != value) {
                writes.add(new KnobWrite(t * 1_000_000_000L + 1, WriteSource.SPECULATOR,
                        d.value(), applied, value, d.rationale()));
            }
            value = applied;
        }
        assertThat(writes.size()).isGreaterThan(5);
        assertThat(value).isBetween(5.0, 7.0);
        // converged and holding: a perturbation is measured once, then the held value comes back
        double held = value;
        samples.add(new MetricSample(41_000_000_000L, MODEL.p95(held), held, true));
        writes.add(new KnobWrite(41_500_000_000L, WriteSource.EXTERNAL, 40, 40, held, "perturbation"));
        samples.add(new MetricSample(42_000_000_000L, MODEL.p95(40), 40, false));
        assertThat(s.next(new HybridContext("g", "ms", ENV, 40, 42, Optional.empty(), samples, writes)).value()).isEqualTo(40);
        samples.add(new MetricSample(43_000_000_000L, MODEL.p95(40), 40, true));
        assertThat(s.next(new HybridContext("g", "ms", ENV, 40, 43, Optional.empty(), samples, writes)).value()).isEqualTo(held);
    }
}
