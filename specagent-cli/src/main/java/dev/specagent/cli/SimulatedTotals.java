package dev.specagent.cli;

import dev.specagent.core.policy.SequentialPolicy;
import dev.specagent.core.policy.SpeculationPolicy;
import dev.specagent.core.sim.Proposition1;
import dev.specagent.core.sim.SyntheticWorld;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summed times of the {@code simulate} runs finished so far, one run at a time (as
 * {@link Proposition1#measure} sums them, in the same order, so the ratios are the same), so that a signal can
 * print the ratios of the runs finished. Immutable: {@link #plus} returns the sums with one run more.
 *
 * @param policies    the speculative policies, in the order of {@code speculative}
 * @param runs        how many runs the sums cover
 * @param sequential  the sequential runs' summed simulated seconds
 * @param speculative each policy's summed simulated seconds
 */
record SimulatedTotals(List<SpeculationPolicy> policies, int runs, double sequential, double[] speculative) {

    /** No run yet. */
    static SimulatedTotals none(List<SpeculationPolicy> policies) {
        return new SimulatedTotals(List.copyOf(policies), 0, 0, new double[policies.size()]);
    }

    /** The sums with the world of {@code config} run once more, sequentially and under every policy. */
    SimulatedTotals plus(SyntheticWorld.Config config) {
        double seq = sequential + Proposition1.runOnce(config, new SequentialPolicy()).figures().speculativeSeconds();
        double[] spec = speculative.clone();
        for (int i = 0; i < policies.size(); i++) {
            spec[i] += Proposition1.runOnce(config, policies.get(i)).figures().speculativeSeconds();
        }
        return new SimulatedTotals(policies, runs + 1, seq, spec);
    }

    /** E[T_spec]/E[T_seq] of each policy by name; NaN (no figure) before the first run. */
    Map<String, Double> ratios() {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (int i = 0; i < policies.size(); i++) {
            ratios.put(policies.get(i).name(), runs == 0 ? Double.NaN : speculative[i] / sequential);
        }
        return ratios;
    }
}
