/**
 * Sweeps of depth policies over a planning world ({@link dev.specagent.core.planning.sweep.DspSweep}): policies
 * built from their names, the DSP table relative to target-only and Fix k = 2 planning, the goal check, learning
 * curves and draft-classifier curves. What the {@code specagent dsp} commands print.
 */
package dev.specagent.core.planning.sweep;
