package dev.specagent.envs.ostune;

import dev.specagent.core.ledger.Role;
import dev.specagent.core.lossy.KnobWrite;
import dev.specagent.core.lossy.WriteSource;
import dev.specagent.envs.ostune.knob.Knobs;
import dev.specagent.envs.ostune.knob.SimulatedKnob;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The paper's reaction experiment on the simulated knob, in simulated time. */
class OsTuneSimulatedTest {

    static OsTuneReport run(Mode mode, long seed) {
        return new OsTuneExperiment(OsTuneExperiment.Options.of(Knobs.Kind.SIMULATED, mode, 300).perturb(150, 40).withSeed(seed)).run();
    }

    @Test
    void theSimulatedWorkloadDescribesItsModelExactly() {
        var workload = new dev.specagent.envs.ostune.workload.SimulatedWorkload(new SimulatedKnob(),
                dev.specagent.envs.ostune.workload.LatencyModel.DEFAULT, 0.05, 1);
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
}
