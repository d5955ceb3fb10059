/**
 * The OS-tuning experiment of the Speculative Actions paper (§4) on the lossy runner
 * ({@link dev.specagent.core.lossy.LossyRunner}): {@link dev.specagent.envs.ostune.OsTuneExperiment} puts a knob
 * and its workload ({@link dev.specagent.envs.ostune.OsTuneSystem}) under the agents of a
 * {@link dev.specagent.envs.ostune.Mode}. Knobs in {@code knob}, workloads in {@code workload}, agents in
 * {@code agents}. See {@code docs/ostune.md}.
 */
package dev.specagent.envs.ostune;
