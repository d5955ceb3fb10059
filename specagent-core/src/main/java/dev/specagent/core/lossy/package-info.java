/**
 * The lossy speculator–actor control loop of the Speculative Actions paper (§4):
 * {@link dev.specagent.core.lossy.LossyRunner} drives a {@link dev.specagent.core.lossy.ControlledSystem}'s knob
 * from a fast speculator and a slow actor, every write passing a {@link dev.specagent.core.lossy.SafetyEnvelope}.
 * Lossy, unlike the runner: last write wins, so the speculator's decisions are written too.
 */
package dev.specagent.core.lossy;
