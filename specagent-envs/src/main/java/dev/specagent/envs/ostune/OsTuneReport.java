package dev.specagent.envs.ostune;

import dev.specagent.core.lossy.LossyResult;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The figures of one OS-tuning run.
 *
 * @param knob                 the knob's name
 * @param unit                 its unit
 * @param knobKind             which knob ({@code rr-timeslice}, {@code min-granularity}, {@code simulated})
 * @param mode                 which agents ran
 * @param agents               what each agent that ran was (e.g. "speculator: golden-section search ...")
 * @param workload             the workload's description (the sysbench command, or the model)
 * @param restoredValue        the knob's value read after the run (equal to the original when restored)
 * @param convergenceSeconds   seconds from the start until converged (before any perturbation)
 * @param settledP95           the level converged to, ms
 * @param perturbAtSeconds     when the knob was perturbed, or empty
 * @param reactionWindowSeconds the length of the reaction window after the perturbation, cut at the end of the run
 * @param reactionMeanP95      the mean p95 over the reaction window, ms
 * @param reactionConvergenceSeconds seconds from the perturbation until converged again
 * @param result               every reading, write and ledger entry, and the ledger's figures
 */
public record OsTuneReport(String knob, String unit, String knobKind, Mode mode, List<String> agents, String workload,
                           double restoredValue, OptionalDouble convergenceSeconds, OptionalDouble settledP95,
                           OptionalDouble perturbAtSeconds, double reactionWindowSeconds, OptionalDouble reactionMeanP95,
                           OptionalDouble reactionConvergenceSeconds, LossyResult result) {

    public OsTuneReport {
        agents = List.copyOf(agents);
    }

    /** Whether the knob holds its original value again. */
    public boolean restored() {
        return restoredValue == result.originalValue();
    }
}
