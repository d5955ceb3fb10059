package dev.specagent.envs.ostune;

import dev.specagent.core.ledger.Role;
import dev.specagent.core.ledger.RunFigures;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.envs.ostune.knob.SimulatedKnob;
import dev.specagent.envs.ostune.workload.LatencyModel;
import dev.specagent.envs.ostune.workload.SimulatedWorkload;
import org.junit.jupiter.api.Test;

import dev.specagent.core.lossy.LossyResult;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The paper's reaction experiment on the simulated knob, in simulated time. */
class OsTuneSimulatedTest {

    static OsTuneReport run(Mode mode, long seed) {
        return new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, mode, 300).perturb(150, 40).withSeed(seed)).run();
    }

    @Test
    void theSimulatedWorkloadDescribesItsModelExactly() {
        var workload = new SimulatedWorkload(new SimulatedKnob(),
                LatencyModel.DEFAULT, 0.05, 1);
        assertThat(workload.describe()).isEqualTo("simulated sysbench cpu: p95 = 86/g + 2.39·g + 5.35 ms, noise 5 %");
    }

    @Test
    void reactionExperimentOrdersTheModesAsThePaperDoes() {
        Map<Mode, double[]> mean = new EnumMap<>(Mode.class);
        int seeds = 5;
        for (Mode m : Mode.values()) {
            double[] sums = new double[2];
            for (long seed = 1; seed <= seeds; seed++) {
                OsTuneReport r = run(m, seed);
                sums[0] += r.reactionMeanP95().orElseThrow() / seeds;
                sums[1] += r.convergenceSeconds().orElseThrow() / seeds;
                assertThat(r.restored()).isTrue();
            }
            mean.put(m, sums);
        }
        double untuned = mean.get(Mode.NONE)[0];
        double actorOnly = mean.get(Mode.ACTOR_ONLY)[0];
        double both = mean.get(Mode.BOTH)[0];
        assertThat(untuned).isBetween(98.0, 108.0);
        assertThat(actorOnly).isLessThan(untuned * 0.6);
        assertThat(both).isLessThan(actorOnly).isLessThan(38.0);
        assertThat(mean.get(Mode.BOTH)[1]).isLessThan(15.0).isLessThan(mean.get(Mode.ACTOR_ONLY)[1]);
    }

    @Test
    void everyAgentWriteKeepsTheEnvelopeAndTheKnobIsRestored() {
        OsTuneReport r = run(Mode.BOTH, 3);
        double previous = SimulatedKnob.DEFAULT_VALUE;
        for (KnobWrite w : r.result().writes()) {
            assertThat(SimulatedKnob.ENVELOPE.contains(w.applied())).isTrue();
            if (w.source() != WriteSource.EXTERNAL) {
                assertThat(Math.abs(w.applied() - w.previous())).isLessThanOrEqualTo(SimulatedKnob.ENVELOPE.maxStep() + 1e-9);
            }
            assertThat(w.previous()).isEqualTo(previous);
            previous = w.applied();
        }
        assertThat(r.restored()).isTrue();
        assertThat(r.result().ledger()).anyMatch(e -> e.role() == Role.ACTOR).anyMatch(e -> e.role() == Role.SPECULATOR);
        assertThat(r.result().figures().costUsd()).isZero();
    }

    @Test
    void aPerturbationWithoutAValueWritesTheKnobsBadValueAndTheBaselineNamesNoAgent() {
        var options = new OsTuneExperiment.Options(Knobs.Kind.SIMULATED, Mode.NONE, 10, OptionalDouble.of(3),
                OptionalDouble.empty(), 60, 1, 3);
        OsTuneReport r = new OsTuneExperiment(options).run();
        assertThat(r.result().writes()).singleElement().satisfies(w -> {
            assertThat(w.source()).isEqualTo(WriteSource.EXTERNAL);
            assertThat(w.applied()).isEqualTo(new SimulatedKnob().badValue());
        });
        assertThat(SimulatedKnob.ENVELOPE.contains(new SimulatedKnob().badValue())).isTrue();
        assertThat(r.agents()).containsExactly("none (untuned baseline)");
        assertThat(r.knob()).isEqualTo("simulated_min_granularity_ms");
        assertThat(r.unit()).isEqualTo("ms");
        assertThat(r.restoredValue()).isEqualTo(SimulatedKnob.DEFAULT_VALUE);
    }

    @Test
    void aPerturbationValueOutsideTheKnobsBoundsIsRefusedNamingTheOption() {
        var options = OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, Mode.NONE, 10).perturb(3, 101);
        assertThatThrownBy(() -> new OsTuneExperiment(options).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--perturb-value").hasMessageContaining("[0.5, 100.0]").hasMessageContaining("101");
    }

    @Test
    void aKnobLeftAtAnotherValueIsNotReportedRestored() {
        LossyResult result = new LossyResult(List.of(), List.of(), List.of(),
                RunFigures.of(List.of()), 24, 10);
        OsTuneReport kept = report(24, result);
        OsTuneReport changed = report(40, result);
        assertThat(kept.restored()).isTrue();
        assertThat(changed.restored()).isFalse();
    }

    private static OsTuneReport report(double restoredValue, LossyResult result) {
        return new OsTuneReport("k", "ms", "simulated", Mode.NONE, List.of(), "w", restoredValue, OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), 60, OptionalDouble.empty(), OptionalDouble.empty(), result);
    }
}
