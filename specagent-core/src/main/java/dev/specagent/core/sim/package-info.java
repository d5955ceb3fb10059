/**
 * The synthetic world of the Speculative Actions paper's Proposition 1
 * ({@link dev.specagent.core.sim.SyntheticWorld}) and its measurement against the closed form
 * ({@link dev.specagent.core.sim.Proposition1}), on the real runner in simulated time.
 */
package dev.specagent.core.sim;
